package io.formsapi.search;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    private static final Comparator<Scored> BEST_FIRST = Comparator.comparingDouble(Scored::score).reversed()
            .thenComparing(s -> s.candidate().submittedAt(), Comparator.reverseOrder())
            .thenComparing(s -> s.candidate().id(), Comparator.reverseOrder());

    private final SearchStore store;
    private final int maxRankedCandidates;
    private final CacheRegion<SearchKey, SearchResult> results;

    SearchService(SearchStore store, SearchProperties properties, CacheRegion<SearchKey, SearchResult> results) {
        this.store = store;
        this.maxRankedCandidates = properties.maxRankedCandidates();
        this.results = results;
    }

    /** What ranking holds of one matching response: never its answers, only what BM25 reads of its texts. */
    private record Candidate(String id, Instant submittedAt, Bm25.Text text) {
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
        long total = store.count(matching);
        if (!query.ranked()) {
            List<SearchHit> newest = store.newest(matching, page.offset(), page.size()).stream()
                    .map(r -> new SearchHit(null, ResponseView.of(r))).toList();
            return new SearchResult(total, null, newest);
        }
        List<Candidate> candidates = candidates(new RankedTexts(form, query), matching);
        List<Scored> best = rank(form, query, candidates).stream().skip(page.offset()).limit(page.size()).toList();
        return new SearchResult(total, candidates.size(), best.isEmpty() ? List.of() : hits(best));
    }

    /** The newest matches, each reduced to what ranking reads; those stored without word counts by their texts. */
    private List<Candidate> candidates(RankedTexts texts, Criteria matching) {
        List<SearchStore.PartialResponse> read = store.newestPartial(matching, maxRankedCandidates, texts.pathsRead());
        List<String> withoutCounts = read.stream().filter(r -> r.wordCount() == null)
                .map(SearchStore.PartialResponse::id).toList();
        Map<String, SearchStore.PartialResponse> withTexts = withoutCounts.isEmpty() ? Map.of()
                : store.partialByIds(withoutCounts, texts.pathsReadWithoutCounts()).stream()
                        .collect(Collectors.toMap(SearchStore.PartialResponse::id, Function.identity()));
        return read.stream()
                .map(r -> new Candidate(r.id(), r.submittedAt(), texts.of(withTexts.getOrDefault(r.id(), r)))).toList();
    }

    private List<Scored> rank(Form form, ParsedQuery query, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        Criteria filtered = SearchCriteria.filtered(form.id(), query);
        Bm25 bm25 = new Bm25(query.words(), store.count(filtered), documentFrequencies(form, query, filtered));
        double averageLength = candidates.stream().mapToInt(c -> c.text().length()).average().orElse(0);
        return candidates.stream().map(c -> new Scored(c, bm25.score(c.text(), averageLength)))
                .sorted(BEST_FIRST).toList();
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
        Map<String, FormResponse> byId = store.byIds(page.stream().map(s -> s.candidate().id()).toList()).stream()
                .collect(Collectors.toMap(FormResponse::id, Function.identity()));
        return page.stream().filter(s -> byId.containsKey(s.candidate().id()))
                .map(s -> new SearchHit(s.score(), ResponseView.of(byId.get(s.candidate().id())))).toList();
    }
}
