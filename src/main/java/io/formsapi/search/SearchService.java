package io.formsapi.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Service;

import io.formsapi.cache.CacheRegion;
import io.formsapi.forms.Form;
import io.formsapi.responses.FormResponse;
import io.formsapi.responses.ResponseView;
import io.formsapi.web.PageRequest;

/**
 * Runs a parsed query. The filters, the free-word pre-filter and the exclusions run in MongoDB; ranking by
 * {@link Bm25} runs here, over at most {@code forms.search.max-ranked-candidates} of the newest matches, each
 * reduced to what BM25 reads of it. Only the page's responses are read whole.
 */
@Service
public class SearchService {

    /** Ties go to the newer response: the candidates come newest first (by submission time, then id). */
    private static final Comparator<Scored> BEST_FIRST = Comparator.comparingDouble(Scored::score).reversed()
            .thenComparingInt(s -> s.candidate().newest());

    private final SearchStore store;
    private final int maxRankedCandidates;
    private final CacheRegion<SearchKey, SearchResult> results;

    SearchService(SearchStore store, SearchProperties properties, CacheRegion<SearchKey, SearchResult> results) {
        this.store = store;
        this.maxRankedCandidates = properties.maxRankedCandidates();
        this.results = results;
    }

    /** What ranking holds of one matching response: never its answers, only what BM25 reads of its texts. */
    private record Candidate(Object id, int newest, Bm25.Text text) {

        String hexId() {
            return SearchStore.idOf(id);
        }
    }

    private record Scored(Candidate candidate, double score) {
    }

    /**
     * One page of the responses of {@code form} that {@code query} matches. Apart from the stored responses the
     * result depends only on these arguments (the query's dates are already resolved), so it can be cached under
     * form id, query and page for as long as the form and its responses do not change.
     */
    public SearchResult search(Form form, ParsedQuery query, PageRequest page) {
        // The parsed query is the normalised form: spacing, case and resolved dates are already settled.
        SearchKey key = new SearchKey(form.id(), CanonicalQuery.of(query), page.page(), page.size());
        return results.get(key, k -> compute(form, query, page));
    }

    private SearchResult compute(Form form, ParsedQuery query, PageRequest page) {
        Criteria matching = SearchCriteria.matching(form.id(), query);
        if (!query.ranked()) {
            List<SearchHit> newest = store.newest(matching, page.offset(), page.size()).stream()
                    .map(r -> new SearchHit(null, ResponseView.of(r))).toList();
            return new SearchResult(store.count(matching), null, newest);
        }
        int window = SearchStore.window(maxRankedCandidates, query.words().size());
        List<Candidate> candidates = candidates(new RankedTexts(form, query), matching, window);
        boolean everyMatch = candidates.size() < window;
        long total = everyMatch ? candidates.size() : store.count(matching);
        int ranked = (int) Math.min(candidates.size(), page.offset() + page.size());
        List<Scored> best = rank(form, query, candidates, everyMatch, ranked).stream().skip(page.offset()).toList();
        return new SearchResult(total, candidates.size(), best.isEmpty() ? List.of() : hits(best));
    }

    /**
     * The newest matches, each reduced to what ranking reads: its word counts, and its answers to the named options'
     * fields if any; those stored without word counts by their texts.
     */
    private List<Candidate> candidates(RankedTexts texts, Criteria matching, int window) {
        SearchStore.Candidates read = store.newestCandidates(matching, window, texts.words());
        Map<String, Map<String, Object>> chosen = texts.optionFields().isEmpty() ? Map.of()
                : store.newestAnswers(matching, window, texts.optionFields());
        List<String> withoutCounts = IntStream.range(0, read.size()).filter(i -> !read.counted(i))
                .mapToObj(read::id).toList();
        Map<String, Map<String, Object>> withTexts = withoutCounts.isEmpty() ? Map.of()
                : store.answersOf(withoutCounts, texts.fieldsReadWithoutCounts());
        List<Candidate> candidates = new ArrayList<>(read.size());
        for (int i = 0; i < read.size(); i++) {
            Map<String, Object> answers = Map.of();
            // an id is turned into text only where answers are looked up by it, not for every candidate
            if (!withTexts.isEmpty() || !chosen.isEmpty()) {
                String id = read.id(i);
                answers = withTexts.getOrDefault(id, chosen.getOrDefault(id, Map.of()));
            }
            candidates.add(new Candidate(read.ids().get(i), i, texts.of(read, i, answers)));
        }
        return candidates;
    }

    /**
     * The {@code count} best candidates, best first.
     *
     * @param everyMatch whether the candidates are all the responses the query matches, none cut by the window
     */
    private List<Scored> rank(Form form, ParsedQuery query, List<Candidate> candidates, boolean everyMatch,
            int count) {
        if (count <= 0) {
            return List.of();
        }
        Criteria filtered = SearchCriteria.filtered(form.id(), query);
        // Every filtered response that contains a word or chose an option naming it matches, so it is a candidate
        // unless the window cut it or an excluded word left it out.
        Map<String, Long> frequencies = everyMatch && query.excludedWords().isEmpty()
                ? containing(query.words(), candidates) : documentFrequencies(form, query, filtered);
        Bm25 bm25 = new Bm25(query.words(), store.count(filtered), frequencies);
        double averageLength = candidates.stream().mapToInt(c -> c.text().length()).average().orElse(0);
        // The worst of the best so far is at the head, so that each candidate is mostly compared with it alone
        // instead of all of them being sorted for one page.
        PriorityQueue<Scored> best = new PriorityQueue<>(count, BEST_FIRST.reversed());
        for (Candidate candidate : candidates) {
            Scored scored = new Scored(candidate, bm25.score(candidate.text(), averageLength));
            if (best.size() < count) {
                best.add(scored);
            } else if (BEST_FIRST.compare(scored, best.peek()) < 0) {
                best.poll();
                best.add(scored);
            }
        }
        List<Scored> bestFirst = new ArrayList<>(best);
        bestFirst.sort(BEST_FIRST);
        return bestFirst;
    }

    /** How many of the candidates contain each word, their chosen named options included. */
    private static Map<String, Long> containing(List<String> words, List<Candidate> candidates) {
        Map<String, Long> frequencies = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            int word = w;
            frequencies.put(words.get(w), candidates.stream().filter(c -> c.text().frequencies()[word] > 0).count());
        }
        return frequencies;
    }

    /** A response that chose a named option counts as containing its words. */
    private Map<String, Long> documentFrequencies(Form form, ParsedQuery query, Criteria filtered) {
        Map<String, Long> frequencies = new HashMap<>(store.documentFrequencies(filtered, query.words()));
        for (String word : query.words()) {
            List<ChoiceFilter> naming = query.namedOptionsWith(word);
            if (!naming.isEmpty()) {
                frequencies.merge(word,
                        store.count(SearchCriteria.choosingWithoutWord(form.id(), query, word, naming)), Long::sum);
            }
        }
        return frequencies;
    }

    /** Only the page's responses are read whole. */
    private List<SearchHit> hits(List<Scored> page) {
        Map<String, FormResponse> byId = store.byIds(page.stream().map(s -> s.candidate().hexId()).toList()).stream()
                .collect(Collectors.toMap(FormResponse::id, Function.identity()));
        List<SearchHit> hits = new ArrayList<>(page.size());
        for (Scored scored : page) {
            FormResponse response = byId.get(scored.candidate().hexId());
            if (response != null) {
                hits.add(new SearchHit(scored.score(), ResponseView.of(response)));
            }
        }
        return hits;
    }
}
