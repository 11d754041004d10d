package org.kcyj.decision;

import java.time.format.DateTimeFormatter;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.kcyj.proposal.ProposalProcess;
import org.kcyj.shared.BusinessTime;
import org.springframework.stereotype.Component;

/** The publicity timer's date, read from the publicity table. */
@Component("publicitySchedule")
public class PublicitySchedule {
    private final FundingService funding;

    PublicitySchedule(FundingService funding) {
        this.funding = funding;
    }

    public String publicityEnd(DelegateExecution execution) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(BusinessTime.zoned(funding.publicityEnd(ProposalProcess.proposalId(execution))));
    }
}
