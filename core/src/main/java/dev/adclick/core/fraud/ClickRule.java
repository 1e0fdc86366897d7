package dev.adclick.core.fraud;

import dev.adclick.core.archive.ArchiveColumn;
import dev.adclick.core.click.Click;

import java.util.List;

/**
 * A fraud rule that flags single clicks by a property of their own (e.g. a bot's device), whatever
 * other clicks there are. A flagged click is suspicious and takes no part in the groups of the
 * {@link CountRule}s, so the outcome still depends only on the set of clicks.
 */
public interface ClickRule extends FraudRule {
    /** Whether this click is suspicious by itself. */
    boolean flags(Click click);

    /**
     * The click's archive columns {@link #flags} looks at: an offline recount reads and fills only
     * these (the others stay unset on the {@link Click} it is given). Every column of the click
     * unless a rule says less.
     */
    default List<ArchiveColumn> columns() {
        return ArchiveColumn.CLICK;
    }
}
