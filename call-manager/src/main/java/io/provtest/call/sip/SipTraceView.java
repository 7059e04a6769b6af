package io.provtest.call.sip;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SIP trace of a call that went through a provider, as a customer may see it. Providers belong to the platform:
 * their hostnames and addresses, tech prefixes and postfixes and tech headers (which can hold account codes) are for
 * super-admins. Rather than redacting free text (a carrier's addresses also hide in Via, Contact, Record-Route and the
 * SDP), the customer's view is rebuilt from parts known to be safe: the time, the direction, the method with the
 * Request-URI reduced to the customer's own destination at {@value #PROVIDER_HOST}, a response's status line, and
 * the CSeq. The ladder of the call (INVITE, 180, 200, ACK, BYE, 200) stays readable.
 */
public final class SipTraceView {

    public static final String PROVIDER_HOST = "provider.invalid";
    private static final Pattern REQUEST_LINE = Pattern.compile("([A-Z]+) \\S+ SIP/2\\.0");
    private static final Pattern STATUS_LINE = Pattern.compile("SIP/2\\.0 [1-6][0-9][0-9][ -~]*");
    private static final Pattern CSEQ = Pattern.compile("(?im)^CSeq:[ \\t]*([0-9]{1,10}[ \\t]+[A-Z]+)[ \\t]*$");

    private SipTraceView() {
    }

    /**
     * @param shownUser what the Request-URI's user part is shown as: the call's destination as the customer gave it
     *                  (an E.164 number, or a sip destination's user), never the prefixed form sent to the carrier
     */
    public static List<SipMessageRecord> forCustomer(List<SipMessageRecord> messages, String shownUser) {
        return messages.stream().map(m -> masked(m, shownUser)).toList();
    }

    static SipMessageRecord masked(SipMessageRecord m, String shownUser) {
        String first = firstLine(m.firstLine(), shownUser);
        Matcher cseq = CSEQ.matcher(m.raw() == null ? "" : m.raw());
        String raw = first + "\r\n" + (cseq.find() ? "CSeq: " + cseq.group(1) + "\r\n" : "");
        return new SipMessageRecord(m.callId(), m.sipCallId(), m.tm(), m.direction(), m.localAddr(), PROVIDER_HOST,
                first, raw);
    }

    private static String firstLine(String line, String shownUser) {
        String trimmed = line == null ? "" : line.trim();
        Matcher request = REQUEST_LINE.matcher(trimmed);
        if (request.matches()) {
            return request.group(1) + " sip:" + shownUser + "@" + PROVIDER_HOST + " SIP/2.0";
        }
        // a status line is the carrier's answer as the call record's sip_status_code and sip_reason show it anyway
        return STATUS_LINE.matcher(trimmed).matches() ? trimmed : "(masked)";
    }
}
