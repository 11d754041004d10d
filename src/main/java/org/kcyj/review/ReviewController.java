package org.kcyj.review;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.kcyj.identity.CurrentUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/proposals/{number}")
@Tag(name = "reviews", description = "专家评审 Peer review")
class ReviewController {
    private final ReviewService reviews;
    private final CurrentUser currentUser;

    ReviewController(ReviewService reviews, CurrentUser currentUser) {
        this.reviews = reviews;
        this.currentUser = currentUser;
    }

    @PostMapping("/reviewer-assignment")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Assign reviewers: {reviewers: [username, ...]} (at least the programme's minimum)")
    Map<String, List<String>> assign(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return Map.of("reviewers", reviews.assignReviewers(currentUser.get(), number, body));
    }

    @PostMapping("/reviews")
    @PreAuthorize("hasRole('REVIEWER')")
    @Operation(summary = "Submit the caller's review: {score: 0-100, opinion}")
    ReviewService.Review submit(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return reviews.submitReview(currentUser.get(), number, body);
    }

    @GetMapping("/reviews")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN', 'REVIEWER')")
    @Operation(summary = "Reviews: all for programme staff, the caller's own for a reviewer")
    List<ReviewService.Review> list(@PathVariable String number) {
        return reviews.reviewsFor(currentUser.get(), number);
    }
}
