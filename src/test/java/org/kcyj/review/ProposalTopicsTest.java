package org.kcyj.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.call.CallService;
import org.kcyj.call.Topic;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalStatus;

/** Many proposals' topics come from one read of each call's topics, not one per proposal. */
class ProposalTopicsTest {

    private static Proposal proposal(long id, long callId, Long topicId) {
        return new Proposal(id, "KCYJ-" + id, callId, "applicant", 1, "单位", "题目" + id, null, null, BigDecimal.ONE,
                ProposalStatus.REVIEWED, 1, Instant.EPOCH, Instant.EPOCH, null, topicId, null, null, 0);
    }

    private static Topic topic(long id, long callId, String code) {
        return new Topic(id, callId, code, "方向" + code, "", "", null, 1, List.of());
    }

    @Test
    void eachCallsTopicsAreReadOnceAndProposalsWithoutATopicAreLeftOut() {
        CallService calls = mock(CallService.class);
        when(calls.topics(1)).thenReturn(List.of(topic(10, 1, "T1"), topic(11, 1, "T2")));
        when(calls.topics(2)).thenReturn(List.of(topic(20, 2, "U1")));
        List<Proposal> proposals = List.of(proposal(100, 1, 10L), proposal(101, 1, 11L), proposal(102, 1, 10L),
                proposal(103, 1, null), proposal(200, 2, 20L), proposal(201, 2, 99L));

        Map<Long, String> labels = ProposalTopics.labels(calls, proposals);

        assertThat(labels).containsOnly(Map.entry(100L, "T1 方向T1"), Map.entry(101L, "T2 方向T2"),
                Map.entry(102L, "T1 方向T1"), Map.entry(200L, "U1 方向U1"));
        verify(calls, times(1)).topics(1);
        verify(calls, times(1)).topics(2);
    }
}
