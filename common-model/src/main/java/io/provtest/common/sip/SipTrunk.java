package io.provtest.common.sip;

import java.util.Map;

/** What of a provider the dialer needs to address an INVITE to it. */
public record SipTrunk(String hostname, String techPrefix, String techPostfix, Map<String, String> techHeaders) {
}
