package org.allot.filters.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.allot.spi.filter.Decline;
import org.allot.spi.filter.FilterResult;
import org.allot.spi.filter.OfferCandidate;
import org.allot.spi.filter.OfferFilter;
import org.osgi.service.component.annotations.Component;

/**
 * Refuses to offer a framework what it declined, until the decline expires.
 *
 * <p>The master records a {@link Decline} when a framework declines an offer (or accepts only part
 * of it) and passes the framework's declines still in force in every {@link OfferCandidate}. This
 * filter refuses a candidate while one of them {@link Decline#refuses covers} it: same agent, the
 * candidate's {@code now} before the decline's {@code until}, and nothing offered beyond what was
 * declined (a larger offer is made, as in Mesos, since the framework may want it).
 *
 * <p>NOTE: how long a decline lasts is the master's business, not this filter's: it creates the
 * {@code Decline} with {@code until = now + refuse_seconds}, 5 s by default when the scheduler gives
 * none, and drops it when the framework revives offers. That is why this filter has no
 * configuration.
 *
 * <p>Reason, e.g. {@code framework f-1 declined cpus:4;mem:4096 of agent a-3 until 12:00:05.000Z (3.2 s left)};
 * times are UTC on the master's clock, with the date when the decline ends more than a day later. When several declines cover the candidate, the one that
 * expires last is named, because offers resume only then.
 *
 * <p>Stateless and usable without OSGi: {@code new RefuseAfterDeclineFilter()}.
 */
@Component(service = OfferFilter.class, property = "service.ranking:Integer=100")
public final class RefuseAfterDeclineFilter implements OfferFilter {

    /** The filter's name in logs and the shell. */
    public static final String NAME = "decline";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final Duration ONE_DAY = Duration.ofDays(1);

    public RefuseAfterDeclineFilter() {
        // Nothing to configure: the decline duration belongs to the master.
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterResult check(OfferCandidate candidate) {
        Decline latest = null;
        for (Decline d : candidate.declines()) {
            if (d.refuses(candidate.agentId(), candidate.resources(), candidate.now())
                    && (latest == null || d.until().isAfter(latest.until()))) {
                latest = d;
            }
        }
        if (latest == null) {
            return FilterResult.accept();
        }
        return FilterResult.refuse("framework " + candidate.frameworkId() + " declined "
                + describe(latest) + "agent " + candidate.agentId() + " until " + time(candidate.now(), latest.until())
                + " (" + secondsLeft(candidate.now(), latest.until()) + " s left)");
    }

    /**
     * The time of day when the decline ends within a day of now (declines last seconds, usually),
     * otherwise the full ISO instant so that the date is not lost. Instant's own text form works for
     * every instant, unlike a zoned formatter at the ends of the time line.
     */
    private static String time(Instant now, Instant until) {
        if (Duration.between(now, until).compareTo(ONE_DAY) < 0) {
            try {
                return TIME.format(until);
            } catch (DateTimeException e) {
                return until.toString();
            }
        }
        return until.toString();
    }

    private static String describe(Decline d) {
        return d.resources().isEmpty() ? "" : d.resources() + " of ";
    }

    /**
     * E.g. 3.2, 0.05 or 5: rounded up to the millisecond, without trailing zeros. BigDecimal rather
     * than {@code toMillis()}, which overflows for declines centuries away.
     */
    private static String secondsLeft(Instant now, Instant until) {
        Duration left = Duration.between(now, until);
        return BigDecimal.valueOf(left.getSeconds()).add(BigDecimal.valueOf(left.getNano(), 9))
                .setScale(3, RoundingMode.CEILING).stripTrailingZeros().toPlainString();
    }
}
