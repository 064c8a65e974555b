package org.allot.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.allot.api.operator.Operator;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * Base of the {@code allot:*-list} commands: they read the cluster through the {@link Operator}
 * service only, print one {@link ShellTable}, and return {@code null} (so {@code bin/client "cmd"}
 * shows the table, which it would not for a returned value).
 */
public abstract class OperatorCommandSupport implements Action {

    @Reference
    protected Operator operator;

    @Option(name = "--no-format", description = "One tab-separated line per row, no header and no padding (for scripts)")
    protected boolean noFormat;

    @Override
    public Object execute() throws Exception {
        render(System.out);
        return null;
    }

    /**
     * Prints the table to {@code out}; with {@code --no-format}, one line per row, cells separated
     * by a single tab and not padded, no header, so {@code cut -f} and {@code awk -F'\t'} work.
     */
    void render(PrintStream out) {
        List<List<Object>> rows = rows(operator);
        if (noFormat) {
            for (List<Object> row : rows) {
                out.println(row.stream().map(String::valueOf).collect(Collectors.joining("\t")));
            }
            return;
        }
        ShellTable table = new ShellTable();
        headers().forEach(table::column);
        for (List<Object> row : rows) {
            table.addRow().addContent(row);
        }
        table.print(out, true);
        footer().ifPresent(out::println);
    }

    /** A line printed under the table (not with {@code --no-format}); none by default. */
    protected Optional<String> footer() {
        return Optional.empty();
    }

    /** Column titles, in order. */
    protected abstract List<String> headers();

    /** One list of cells per row, in the order of {@link #headers()}. */
    protected abstract List<List<Object>> rows(Operator operator);

    /** Resources print in their canonical text form; an empty set prints as "-". */
    static String text(Object value) {
        String text = String.valueOf(value);
        return text.isEmpty() ? "-" : text;
    }
}
