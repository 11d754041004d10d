package org.kcyj.call;

public enum CallStatus {
    DRAFT, OPEN, CLOSED
}
