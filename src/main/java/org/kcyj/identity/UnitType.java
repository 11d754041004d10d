package org.kcyj.identity;

/** What kind of organisation a unit is (依托单位 / 出题企业). */
enum UnitType {
    UNIVERSITY, INSTITUTE, ENTERPRISE, HOSPITAL, OTHER
}
