package io.provtest.call.sip;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Table {@code sip_message} (read side; see {@link SipTraceRecorder} for how rows are written). */
@Entity
@Table(name = "sip_message")
public class SipMessageEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public UUID callId;
    public String sipCallId;
    public Instant tm;
    public String direction;
    public String localAddr;
    public String remoteAddr;
    public String firstLine;
    public String raw;

    SipMessageRecord toRecord() {
        return new SipMessageRecord(callId, sipCallId, tm, direction, localAddr, remoteAddr, firstLine, raw);
    }
}
