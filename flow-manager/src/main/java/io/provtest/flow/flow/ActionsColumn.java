package io.provtest.flow.flow;

import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.common.db.JsonColumn;
import io.provtest.common.model.Action;
import jakarta.persistence.Converter;
import java.util.List;

/** A list of actions in a jsonb column (flows, and the copy an activeflow keeps). */
@Converter
public class ActionsColumn extends JsonColumn<List<Action>> {

    public ActionsColumn() {
        super(new TypeReference<>() { });
    }
}
