package io.formsapi.search;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Service;

import io.formsapi.CacheTags;
import io.formsapi.cache.CacheKeys;
import io.formsapi.cache.CacheRequest;
import io.formsapi.cache.CacheService;
import io.formsapi.cache.CacheType;
import io.formsapi.cache.CacheTypes;
import io.formsapi.forms.Field;
import io.formsapi.forms.Form;
import io.formsapi.responses.FormResponse;
import io.formsapi.responses.ResponseView;
import io.formsapi.responses.TextTerms;
import io.formsapi.web.PageRequest;

/**
 * Runs a parsed query. The filters, the free-word pre-filter and the exclusions run in MongoDB; ranking by
 * {@link Bm25} runs here, over at most {@code forms.search.max-ranked-candidates} of the newest matches.
 */
@Service
public class SearchService {

    private static final Comparator<Scored> BEST_FIRST = Comparator.comparingDouble(Scored::score).reversed()
            .thenComparing(s -> s.response().submittedAt(), Comparator.reverseOrder())
            .thenComparing(s -> s.response().id(), Comparator.reverseOrder());

    private final SearchStore store;
    private final int maxRankedCandidates;
    private final CacheService cache;
    private final CacheKeys keys;
    private final CacheType type;

    SearchService(SearchStore store, SearchProperties properties, CacheService cache, CacheKeys keys,
            CacheTypes types) {
        this.store = store;
        this.maxRankedCandidates = properties.maxRankedCandidates();
        this.cache = cache;
        this.keys = keys;
        this.type = types.get("query_result");
    }

    private record Scored(FormResponse response, double score) {
    }

    /**
     * One page of the responses of {@code form} that {@code query} matches. Apart from the stored responses the
     * result depends only on these arguments (the query's dates are already resolved), so it can be cached under
     * form id, query and page for as long as the form and its responses do not change.
     */
    public SearchResult search(Form form, ParsedQuery query, PageRequest page) {
        // The parsed query is the normalised form: spacing, case and resolved dates are already settled.
        String key = keys.hashed("query:result", form.id(), CanonicalQuery.of(query), page.page(), page.size());
        CacheRequest<SearchResult> request = CacheRequest.of(type, key, SearchResult.class,
                CacheTags.form(form.id()), CacheTags.responses(form.id()));
        return cache.getWithFallback(request, () -> compute(form, query, page));
    }

    private SearchResult compute(Form form, ParsedQuery query, PageRequest page) {
        Criteria matching = SearchCriteria.matching(form.id(), query);
        long total = store.count(matching);
        if (!query.ranked()) {
            List<SearchHit> newest = store.newest(matching, page.offset(), page.size()).stream()
                    .map(r -> new SearchHit(null, ResponseView.of(r))).toList();
            return new SearchResult(total, null, newest);
        }
        List<FormResponse> candidates = store.newest(matching, 0, maxRankedCandidates);
        List<SearchHit> ranked = rank(form, query, candidates).stream()
                .skip(page.offset()).limit(page.size())
                .map(s -> new SearchHit(s.score(), ResponseView.of(s.response()))).toList();
        return new SearchResult(total, candidates.size(), ranked);
    }

    private List<Scored> rank(Form form, ParsedQuery query, List<FormResponse> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        Criteria filtered = SearchCriteria.filtered(form.id(), query);
        Bm25 bm25 = new Bm25(query.words(), store.count(filtered),
                store.documentFrequencies(filtered, query.words()));
        List<String> textFields = form.fields().stream().filter(f -> f.type().isText()).map(Field::id).toList();
        List<List<String>> texts = candidates.stream().map(r -> tokens(r, textFields)).toList();
        double averageLength = texts.stream().mapToInt(List::size).average().orElse(0);
        return IntStream.range(0, candidates.size())
                .mapToObj(i -> new Scored(candidates.get(i), bm25.score(texts.get(i), averageLength)))
                .sorted(BEST_FIRST).toList();
    }

    /** The words of a response's text answers, repetitions included: its length for BM25. */
    private static List<String> tokens(FormResponse response, List<String> textFields) {
        return textFields.stream().map(id -> response.answers().get(id)).filter(String.class::isInstance)
                .flatMap(text -> TextTerms.tokens((String) text).stream()).toList();
    }
}
