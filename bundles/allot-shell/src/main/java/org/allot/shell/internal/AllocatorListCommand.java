package org.allot.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.allot.api.operator.AllocatorStatus;
import org.allot.api.operator.Operator;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code allot:allocator-list}: the allocators available, the active one marked, and under the
 * table why it is the active one, or why none is (then the master makes no offers).
 */
@Service
@Command(scope = "allot", name = "allocator-list",
        description = "Lists the available allocators, marks the active one and says why it is (or why none is)")
public class AllocatorListCommand extends OperatorCommandSupport {

    private AllocatorStatus status;

    @Override
    protected List<String> headers() {
        return List.of("Allocator", "Active");
    }

    @Override
    protected List<List<Object>> rows(Operator operator) {
        status = operator.allocatorStatus();
        List<List<Object>> rows = new ArrayList<>();
        for (String name : status.available()) {
            rows.add(List.of(name, status.active().map(name::equals).orElse(false) ? "*" : ""));
        }
        return rows;
    }

    @Override
    protected Optional<String> footer() {
        return Optional.of(footer(status));
    }

    static String footer(AllocatorStatus status) {
        return status.active().map(a -> "Active: " + a + " (" + status.reason() + ")")
                .orElse("No allocator is active, so the master makes no offers: " + status.reason());
    }
}
