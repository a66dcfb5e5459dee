package dev.ferry.protocol;

/** FTP reply codes by meaning (RFC 959 §4.2, RFC 2228, RFC 2428, RFC 3659, RFC 4217). */
public enum ReplyCode {
    RESTART_MARKER(110),
    SERVICE_READY_SOON(120),
    DATA_ALREADY_OPEN(125),
    OPENING_DATA(150),

    OK(200),
    NOT_NEEDED(202),
    SYSTEM_STATUS(211),
    DIRECTORY_STATUS(212),
    FILE_STATUS(213),
    HELP(214),
    SYSTEM_TYPE(215),
    SERVICE_READY(220),
    CLOSING_CONTROL(221),
    DATA_OPEN_NO_TRANSFER(225),
    CLOSING_DATA(226),
    ENTERING_PASSIVE(227),
    ENTERING_EXTENDED_PASSIVE(229),
    LOGGED_IN(230),
    SECURITY_EXCHANGE_DONE(234),
    FILE_ACTION_OK(250),
    PATH_CREATED(257),

    NEED_PASSWORD(331),
    NEED_ACCOUNT(332),
    PENDING_FURTHER_INFO(350),

    SERVICE_UNAVAILABLE(421),
    CANT_OPEN_DATA(425),
    TRANSFER_ABORTED(426),
    FILE_BUSY(450),
    SECURITY_RESOURCE_UNAVAILABLE(431),
    LOCAL_ERROR(451),
    INSUFFICIENT_STORAGE(452),

    SYNTAX_ERROR(500),
    ARGUMENT_SYNTAX_ERROR(501),
    NOT_IMPLEMENTED(502),
    BAD_SEQUENCE(503),
    PARAMETER_NOT_IMPLEMENTED(504),
    /** RFC 4217 §10: the data connection may not be opened with the current PROT setting (PROT P needed). */
    DATA_PROTECTION_REQUIRED(521),
    UNSUPPORTED_NETWORK_PROTOCOL(522),
    /** The same number as {@link #UNSUPPORTED_NETWORK_PROTOCOL}: TLS on the data connection failed or was refused. */
    DATA_TLS_FAILED(522),
    NOT_LOGGED_IN(530),
    NEED_ACCOUNT_FOR_STORING(532),
    DENIED_FOR_POLICY(534),
    PROTECTION_LEVEL_NOT_SUPPORTED(536),
    FILE_UNAVAILABLE(550),
    PAGE_TYPE_UNKNOWN(551),
    EXCEEDED_STORAGE(552),
    BAD_FILE_NAME(553),
    RESTART_INVALID(554);

    private final int code;

    ReplyCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** 1yz: a preliminary reply; another reply follows for the same command. */
    public boolean isPreliminary() {
        return code < 200;
    }

    /** The constant for a numeric code, if Ferry knows it by name. */
    public static java.util.Optional<ReplyCode> of(int code) {
        for (ReplyCode c : values()) {
            if (c.code == code) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }
}
