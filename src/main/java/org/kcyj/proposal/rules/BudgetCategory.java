package org.kcyj.proposal.rules;

/** Budget categories (预算科目) of a proposal's fiscal funding; all but {@link #INDIRECT} are direct costs. */
public enum BudgetCategory {
    /** 设备费 */
    EQUIPMENT,
    /** 材料费 */
    MATERIALS,
    /** 测试化验加工费 */
    TESTING,
    /** 燃料动力费 */
    FUEL_POWER,
    /** 差旅费/会议费/国际合作与交流费 */
    TRAVEL_MEETING,
    /** 出版/文献/信息传播/知识产权事务费 */
    PUBLICATION,
    /** 劳务费 */
    LABOUR,
    /** 专家咨询费 */
    EXPERT,
    /** 其他支出 */
    OTHER,
    /** 间接费用 */
    INDIRECT;

    public boolean isDirect() {
        return this != INDIRECT;
    }
}
