package io.formsapi.demo;

import java.util.List;
import java.util.SplittableRandom;

/** Short, plausible free-text answers built from a few hundred phrases, so that search has words to find. */
final class Phrases {

    private static final List<String> OPENINGS = List.of("Great service", "Slow delivery", "Friendly staff",
            "Asked for a refund", "The app crashed", "Loved the product", "Price is too high", "Easy checkout",
            "Package arrived damaged", "Support was helpful", "Long wait on the phone", "Excellent quality",
            "Wrong size sent", "Fast shipping", "Confusing website", "Would buy again");
    private static final List<String> DETAILS = List.of("after two weeks", "on my second order",
            "compared to last year", "even with the discount", "during the holiday sale", "for the blue model",
            "with the new battery", "at the downtown store", "through the mobile app", "by email and chat",
            "despite the delay", "and the camera is sharp", "but the screen scratches", "so I left a review",
            "and I recommended it", "until the refund came");
    private static final List<String> CLOSINGS = List.of("", "", "Thanks!", "Please fix this.", "Keep it up.",
            "Not happy.", "Five stars.", "Will come back.");

    private Phrases() {
    }

    static String comment(SplittableRandom random) {
        String text = pick(OPENINGS, random) + " " + pick(DETAILS, random) + ". " + pick(CLOSINGS, random);
        return text.strip();
    }

    private static String pick(List<String> items, SplittableRandom random) {
        return items.get(random.nextInt(items.size()));
    }
}
