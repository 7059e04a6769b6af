package io.provtest.call.call;

import io.provtest.call.engine.EngineExecutors;
import io.provtest.common.api.route.CallAllowance;
import io.provtest.common.time.Times;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.jboss.logging.Logger;

/**
 * How long each answered call of this instance may last on its customer's balance (issue 16; call-manager/README.md,
 * "Out of balance"): billing is asked off the call's lane ({@link CallAllowances}), the answer sets the call's balance
 * timer, and the timer ends the call with the cause. Everything here runs on the call's own lane, except the question.
 *
 * <p>Answers are ordered by the judgement that asked them ({@link CallSession#balanceJudgement}): a later question
 * (a top-up, another call of the customer answered) supersedes an earlier one whose answer comes late, and until its
 * own answer comes the deadline of the last answer stands ({@link CallSession#balanceApplied}), so a slow or failed
 * question never lets a call run past the balance known.
 */
final class BalanceWatch {

    private static final Logger LOG = Logger.getLogger(BalanceWatch.class);
    /** Billing did not answer how long a call's balance lasts: asked again this much later, while the call is up. */
    static final Duration RETRY = Duration.ofSeconds(10);

    /** What the watch needs of the calls it watches (CallLifecycle owns them). */
    interface Calls {

        /** The call is still live here and answered: its balance matters. */
        boolean answeredHere(CallSession s);

        /** This instance's live calls. */
        Collection<CallSession> live();

        /** Ends the call because its balance ran out, with {@code cause} for the operator. On its lane. */
        void outOfBalance(CallSession s, String cause);
    }

    private final CallAllowances allowances;
    private final EngineExecutors executors;
    private final Duration margin;
    private final Duration retry;
    private final Calls calls;

    /** {@code margin}: how long before its last covered second a call is ended (CallConfig#balanceHangupMargin). */
    BalanceWatch(CallAllowances allowances, EngineExecutors executors, Duration margin, Duration retry, Calls calls) {
        this.allowances = allowances;
        this.executors = executors;
        this.margin = margin;
        this.retry = retry;
        this.calls = calls;
    }

    /**
     * The call was just answered (on its lane): it is counted among the customer's answered calls and judged; a
     * priced one then has the customer's other answered calls here judged again, since each was given its deadline
     * without this one sharing the balance.
     */
    void answered(CallSession s) {
        allowances.answered(s.call);
        judge(s, true);
    }

    /** The call ended (or was let go): its timers stop and it no longer shares the customer's balance. */
    void ended(CallSession s) {
        replaceTimer(s, null);
        if (s.balanceRetry != null) {
            s.balanceRetry.cancel(false);
            s.balanceRetry = null;
        }
        allowances.ended(s.callId);
    }

    /**
     * A customer's balance or plan changed (route-manager's {@code billing_account_updated}): its answered calls
     * live here are judged again, so a top-up lets them run longer.
     */
    void balanceChanged(UUID customerId) {
        rejudge(customerId, null);
    }

    private void judge(CallSession s, boolean answering) {
        int judgement = ++s.balanceJudgement;
        Call call = s.call;
        executors.ask(() -> allowances.ask(call), s.lane, allowance -> {
                    apply(s, judgement, allowance);
                    if (answering && allowance.maxSeconds() != null && judgement == s.balanceJudgement) {
                        rejudge(call.customerId(), s.callId);
                    }
                },
                failure -> {
                    LOG.warnf("call %s: billing did not say how long the customer's balance lasts (%s); asked again "
                            + "in %.1f s", s.callId, failure.getMessage(), retry.toMillis() / 1000.0);
                    if (judgement == s.balanceJudgement && calls.answeredHere(s)) {
                        // the deadline in force (an earlier answer's) stays: only the question is asked again
                        if (s.balanceRetry != null) {
                            s.balanceRetry.cancel(false);
                        }
                        s.balanceRetry = executors.after(retry, s.lane, () -> {
                            if (judgement == s.balanceJudgement && calls.answeredHere(s)) {
                                judge(s, answering);
                            }
                        });
                    }
                });
    }

    private void apply(CallSession s, int judgement, CallAllowance allowance) {
        if (judgement != s.balanceJudgement || !calls.answeredHere(s)) {
            return;
        }
        Duration left = BalanceRules.untilOutOfBalance(s.call.tmProgressing(), allowance.maxSeconds(), margin,
                Times.now());
        s.balanceApplied = judgement;
        replaceTimer(s, left == null ? null : executors.after(left, s.lane, () -> ranOut(s, judgement, allowance)));
    }

    private void ranOut(CallSession s, int judgement, CallAllowance allowance) {
        // the deadline of the latest answer, even while a newer question is on its way (CallSession#balanceApplied)
        if (judgement != s.balanceApplied || !calls.answeredHere(s)) {
            return;
        }
        LOG.infof("call %s: the balance of customer %s ran out after %d s; hanging up", s.callId,
                s.call.customerId(), allowance.maxSeconds());
        calls.outOfBalance(s, BalanceRules.cause(allowance));
    }

    private static void replaceTimer(CallSession s, ScheduledFuture<?> timer) {
        if (s.balanceTimer != null) {
            s.balanceTimer.cancel(false);
        }
        s.balanceTimer = timer;
    }

    /**
     * The customer's answered calls here but {@code except} are judged again, each on its lane. Only this
     * instance's: another replica's calls of the customer are not told of a call answered here (README, "Out of
     * balance").
     */
    private void rejudge(UUID customerId, UUID except) {
        for (CallSession s : calls.live()) {
            if (customerId.equals(s.call.customerId()) && !s.callId.equals(except)) {
                s.lane.execute(() -> {
                    if (calls.answeredHere(s)) {
                        judge(s, false);
                    }
                });
            }
        }
    }
}
