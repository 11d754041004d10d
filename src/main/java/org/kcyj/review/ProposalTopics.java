package org.kcyj.review;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.kcyj.call.CallService;
import org.kcyj.call.Topic;
import org.kcyj.proposal.Proposal;

/** The topics of many proposals, each call's topics read once (not one query per proposal). */
final class ProposalTopics {
    private ProposalTopics() {
    }

    /** Each proposal's topic by proposal id; proposals without a topic are left out. */
    static Map<Long, Topic> of(CallService calls, Collection<Proposal> proposals) {
        Map<Long, Map<Long, Topic>> byCall = new HashMap<>();
        Map<Long, Topic> topics = new HashMap<>();
        for (Proposal p : proposals) {
            if (p.topicId() == null) {
                continue;
            }
            Topic topic = byCall.computeIfAbsent(p.callId(), id -> {
                Map<Long, Topic> ofCall = new HashMap<>();
                calls.topics(id).forEach(t -> ofCall.put(t.id(), t));
                return ofCall;
            }).get(p.topicId());
            if (topic != null) {
                topics.put(p.id(), topic);
            }
        }
        return topics;
    }

    /** "code title" of each proposal's topic, as lists and rankings show it; absent without a topic. */
    static Map<Long, String> labels(CallService calls, Collection<Proposal> proposals) {
        Map<Long, String> labels = new HashMap<>();
        of(calls, proposals).forEach((id, t) -> labels.put(id, t.code() + " " + t.title()));
        return labels;
    }
}
