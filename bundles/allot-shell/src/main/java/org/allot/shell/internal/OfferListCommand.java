package org.allot.shell.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.allot.api.operator.OfferView;
import org.allot.api.operator.Operator;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "allot", name = "offer-list", description = "Lists the outstanding offers, oldest first")
public class OfferListCommand extends OperatorCommandSupport {

    @Override
    protected List<String> headers() {
        return List.of("Offer", "Framework", "Agent", "Resources", "Created");
    }

    @Override
    protected List<List<Object>> rows(Operator operator) {
        return operator.offers().stream().map(OfferListCommand::row).collect(Collectors.toList());
    }

    static List<Object> row(OfferView offer) {
        return List.of(offer.offerId(), offer.frameworkId(), offer.agentId(), text(offer.resources()), offer.created());
    }
}
