package io.provtest.route.number;

import io.provtest.common.db.Db;
import io.provtest.common.error.Validation;
import io.provtest.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.UUID;

/** Customers' outbound configs: read (defaults when never set), full replace, and the limits for enforcement. */
@Singleton
public class OutboundConfigService {

    private final OutboundConfigRepository configs;
    private final NumberRepository numbers;

    public OutboundConfigService(OutboundConfigRepository configs, NumberRepository numbers) {
        this.configs = configs;
        this.numbers = numbers;
    }

    public OutboundConfig get(UUID customerId) {
        OutboundConfigEntity found = Db.read(() -> configs.findById(customerId));
        return found == null ? OutboundConfig.defaults(customerId) : found.toWire();
    }

    /**
     * A customer's {@code max_concurrent_calls} and {@code calls_per_second} as stored (0: no per-customer limit),
     * for the enforcement where calls are created. One read by primary key.
     */
    public OutboundConfig.OutboundLimits limits(UUID customerId) {
        return get(customerId).limits();
    }

    /**
     * Full replace. The default outgoing source number, when set, must be an active number of this customer at the
     * time of the change (400 naming the field otherwise); it is checked again at every pre-flight.
     */
    public OutboundConfig replace(UUID customerId, OutboundRules.Spec spec) {
        OutboundRules.Spec valid = OutboundRules.validate(spec);
        return Db.transaction(() -> defaultNumber(valid).chain(number -> {
            if (valid.defaultOutgoingSourceNumberId() != null && !OutboundRules.usable(number, customerId)) {
                new Validation().reject("default_outgoing_source_number_id",
                        "must be an active number of this customer").throwIfInvalid("INVALID_ARGUMENT");
            }
            return configs.findById(customerId);
        }).chain(found -> {
            OutboundConfigEntity e = found;
            if (e == null) {
                e = new OutboundConfigEntity();
                e.customerId = customerId;
                e.tmCreate = Times.now();
            } else {
                e.tmUpdate = Times.now();
            }
            e.set(valid);
            return configs.persistAndFlush(e);
        }).map(OutboundConfigEntity::toWire));
    }

    private Uni<NumberEntity> defaultNumber(OutboundRules.Spec spec) {
        return spec.defaultOutgoingSourceNumberId() == null ? Uni.createFrom().nullItem()
                : numbers.findById(spec.defaultOutgoingSourceNumberId());
    }
}
