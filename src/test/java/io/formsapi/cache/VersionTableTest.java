package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** What the version table believes Redis holds, and whether a write's own announcement has come back. */
class VersionTableTest {

    private final VersionTable table = new VersionTable();

    @Test
    void aReadBegunAfterAnAnnouncementKeepsThatItWasHeard() {
        long beforeTheWrite = table.mark();
        table.announced("tag:a", 2L);
        long afterIt = table.mark();

        table.observed(afterIt, Map.of("tag:a", 2L));

        assertThat(table.current("tag:a")).isEqualTo(2L);
        assertThat(table.announcedSince("tag:a", beforeTheWrite)).isTrue();
    }

    @Test
    void aReadBegunBeforeAnAnnouncementDoesNotOverwriteIt() {
        long readBegins = table.mark();
        table.announced("tag:b", 3L);

        table.observed(readBegins, Map.of("tag:b", 2L));

        assertThat(table.current("tag:b")).isEqualTo(3L);
        assertThat(table.announcedSince("tag:b", readBegins)).isTrue();
    }

    @Test
    void aForgottenKeyIsUnknownAndNotAnnounced() {
        long beforeTheWrite = table.mark();
        table.announced("tag:c", 5L);
        table.forget("tag:c");

        assertThat(table.current("tag:c")).isNull();
        assertThat(table.announcedSince("tag:c", beforeTheWrite)).isFalse();
    }

    @Test
    void aWaiterIsWokenByTheAnnouncementItWaitsFor() throws InterruptedException {
        long beforeTheWrite = table.mark();
        Thread announcer = new Thread(() -> {
            sleepQuietly(50);
            table.announced("tag:d", 7L);
        });
        announcer.start();

        boolean heard = table.awaitAnnouncedSince("tag:d", beforeTheWrite, System.nanoTime() + 5_000_000_000L,
                () -> true);

        announcer.join();
        assertThat(heard).isTrue();
    }

    @Test
    void aWaiterGivesUpWhenToldToStopWaiting() {
        long beforeTheWrite = table.mark();

        boolean heard = table.awaitAnnouncedSince("tag:e", beforeTheWrite, System.nanoTime() + 5_000_000_000L,
                () -> false);

        assertThat(heard).isFalse();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
