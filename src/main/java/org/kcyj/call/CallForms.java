package org.kcyj.call;

import java.util.Map;

/** Which Camunda Form each of this stage's REST requests takes ("METHOD path" → form id), for the API description. */
public final class CallForms {
    public static final Map<String, String> REQUEST_BODIES = Map.of(
            "POST /api/v1/calls", CallService.FORM_CREATE,
            "PUT /api/v1/calls/{id}", CallService.FORM_CREATE,
            "POST /api/v1/calls/{id}/topics", TopicService.FORM,
            "PUT /api/v1/calls/{id}/topics/{topicId}", TopicService.FORM,
            "POST /api/v1/calls/{id}/demands", DemandService.FORM_SUBMIT,
            "POST /api/v1/calls/{id}/guide", GuideService.FORM_DRAFT,
            "POST /api/v1/calls/{id}/guide/approval", GuideService.FORM_APPROVE,
            "POST /api/v1/demands/{number}/withdrawal", DemandService.FORM_WITHDRAW,
            "POST /api/v1/demands/{number}/rejection", DemandService.FORM_REJECT,
            "POST /api/v1/demands/{number}/adoption", DemandService.FORM_ADOPT);

    private CallForms() {
    }
}
