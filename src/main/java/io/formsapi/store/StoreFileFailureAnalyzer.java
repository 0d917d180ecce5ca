package io.formsapi.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A start-up refused over the store's file ends with what is wrong and what to do, not a stack trace. */
class StoreFileFailureAnalyzer extends AbstractFailureAnalyzer<StoreFileException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StoreFileException cause) {
        return new FailureAnalysis("The embedded store's data file " + cause.file() + " " + cause.problem() + ".",
                cause.action(), cause);
    }
}
