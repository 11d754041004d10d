package org.kcyj.award;

import java.time.format.DateTimeFormatter;

import org.kcyj.shared.BusinessTime;
import org.springframework.stereotype.Component;

/** The publicity timer's date, read from the publicity table (public: the timer expression calls it with the proposal id variable). */
@Component("publicitySchedule")
public class PublicitySchedule {
    private final FundingService funding;

    PublicitySchedule(FundingService funding) {
        this.funding = funding;
    }

    public String publicityEnd(long proposalId) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(BusinessTime.zoned(funding.publicityEnd(proposalId)));
    }
}
