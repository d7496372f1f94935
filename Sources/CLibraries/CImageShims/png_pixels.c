/*
 * The hot loops of PNG decoding: inflate (libdeflate, about twice as fast as zlib), unfilter
 * and conversion of one row to RGB. Container parsing, validation and limits live in Swift
 * (PNGImageDecoder); every function here is told the exact sizes of its buffers.
 *
 * Conversion rules (so the output equals Pillow's `Image.open(f).convert("RGB")`):
 *  - palette: looked up in a 256-entry table (entries past PLTE are black); tRNS ignored;
 *  - grey 1/2/4-bit: scaled to 8 bits (x255, x85, x17), then replicated;
 *  - alpha channels dropped without compositing;
 *  - 16-bit RGB, RGBA, grey+alpha: the high byte of each sample (Pillow's ";16B" unpackers);
 *  - 16-bit grey: Pillow opens it as mode I;16, whose conversion to RGB clips values above 255
 *    to 255 (it does not scale).
 */
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "CImageShims.h"

uint32_t bw_crc32(const uint8_t *data, size_t size) {
    return libdeflate_crc32(0, data, size);
}

bw_status bw_zlib_inflate(const uint8_t *input, size_t input_size, uint8_t *output, size_t output_size,
                          size_t *produced) {
    *produced = 0;
    struct libdeflate_decompressor *decompressor = libdeflate_alloc_decompressor();
    if (decompressor == NULL) {
        return BW_STATUS_MEMORY;
    }
    size_t in_used = 0;
    enum libdeflate_result result = libdeflate_zlib_decompress_ex(decompressor, input, input_size, output,
                                                                  output_size, &in_used, produced);
    libdeflate_free_decompressor(decompressor);
    switch (result) {
    case LIBDEFLATE_SUCCESS:
        return BW_STATUS_OK;
    case LIBDEFLATE_INSUFFICIENT_SPACE:
        return BW_STATUS_BAD_ARGUMENT;
    default:
        return BW_STATUS_CORRUPT;
    }
}

/* Paeth predictor, written so the compiler can use conditional moves instead of branches
 * (the branches are unpredictable on photographic data). */
static inline uint8_t bw_paeth(int a, int b, int c) {
    int pa = abs(b - c);
    int pb = abs(a - c);
    int pc = abs(a + b - 2 * c);
    int b_or_c = pb <= pc ? b : c;
    int min_bc = pb <= pc ? pb : pc;
    return (uint8_t)(pa <= min_bc ? a : b_or_c);
}

#if defined(__SSE2__)
/* A pixel of 3 or 4 bytes, widened to 16-bit lanes. */
static inline __attribute__((always_inline)) __m128i bw_load_pixel(const uint8_t *p, const size_t bpp) {
    uint32_t v = 0;
    memcpy(&v, p, bpp);
    return _mm_unpacklo_epi8(_mm_cvtsi32_si128((int)v), _mm_setzero_si128());
}

static inline __attribute__((always_inline)) void bw_store_pixel(uint8_t *p, __m128i value, const size_t bpp) {
    uint32_t packed = (uint32_t)_mm_cvtsi128_si32(_mm_packus_epi16(value, value));
    memcpy(p, &packed, bpp);
}

static inline __m128i bw_abs16(__m128i x) {
    return _mm_max_epi16(x, _mm_sub_epi16(_mm_setzero_si128(), x));
}

static inline __m128i bw_select(__m128i mask, __m128i yes, __m128i no) {
    return _mm_or_si128(_mm_and_si128(mask, yes), _mm_andnot_si128(mask, no));
}

/* One Paeth step on all channels of a pixel: the decoded pixel for filtered `raw` given its
 * left (a), up (b) and up-left (c) neighbours. */
static inline __attribute__((always_inline)) __m128i bw_paeth_step(__m128i raw, __m128i left, __m128i up,
                                                                   __m128i up_left) {
    __m128i to_left = _mm_sub_epi16(up, up_left);    /* b - c: |.| is pa */
    __m128i to_up = _mm_sub_epi16(left, up_left);    /* a - c: |.| is pb */
    __m128i pc = bw_abs16(_mm_add_epi16(to_left, to_up));
    __m128i pa = bw_abs16(to_left);
    __m128i pb = bw_abs16(to_up);
    __m128i smallest = _mm_min_epi16(pa, _mm_min_epi16(pb, pc));
    /* Ties prefer a (left), then b (up), then c (up-left). */
    __m128i predictor = bw_select(_mm_cmpeq_epi16(smallest, pa), left,
                                  bw_select(_mm_cmpeq_epi16(smallest, pb), up, up_left));
    return _mm_and_si128(_mm_add_epi16(raw, predictor), _mm_set1_epi16(0xFF));
}

/* Several consecutive Paeth rows at once (a wavefront): each pixel depends on its left
 * neighbour, a chain the CPU runs one step at a time, so interleaving the chains of the rows
 * below (each one pixel behind the row above in data dependence) multiplies throughput.
 * `stride` separates the rows; the first pixel of each row is already done by the caller. */
static inline __attribute__((always_inline)) void bw_paeth_rows_simd(uint8_t *first, size_t stride,
                                                                     const size_t count,
                                                                     const uint8_t *previous,
                                                                     size_t row_bytes, const size_t bpp) {
    __m128i left[4], up_left[4];
    for (size_t r = 0; r < count; r++) {
        left[r] = bw_load_pixel(first + r * stride, bpp);
        up_left[r] = bw_load_pixel(r == 0 ? previous : first + (r - 1) * stride, bpp);
    }
    for (size_t i = bpp; i + bpp <= row_bytes; i += bpp) {
        __m128i up = bw_load_pixel(previous + i, bpp);
        for (size_t r = 0; r < count; r++) {
            uint8_t *row = first + r * stride;
            __m128i value = bw_paeth_step(bw_load_pixel(row + i, bpp), left[r], up, up_left[r]);
            bw_store_pixel(row + i, value, bpp);
            left[r] = value;
            up_left[r] = up;
            up = value; /* the row below sees this pixel as its up neighbour */
        }
    }
}
#endif

int64_t bw_png_unfilter(uint8_t *data, size_t rows, size_t row_bytes, size_t pixel_bytes) {
    const uint8_t *previous = NULL;
    size_t stride = row_bytes + 1;
    for (size_t y = 0; y < rows; y++) {
        uint8_t *row = data + y * stride + 1;
        uint8_t filter = row[-1];
        size_t i;
        switch (filter) {
        case 0:
            break;
        case 1:
            for (i = pixel_bytes; i < row_bytes; i++) {
                row[i] = (uint8_t)(row[i] + row[i - pixel_bytes]);
            }
            break;
        case 2:
            if (previous != NULL) {
                for (i = 0; i < row_bytes; i++) {
                    row[i] = (uint8_t)(row[i] + previous[i]);
                }
            }
            break;
        case 3:
            for (i = 0; i < row_bytes; i++) {
                unsigned left = i >= pixel_bytes ? row[i - pixel_bytes] : 0;
                unsigned up = previous != NULL ? previous[i] : 0;
                row[i] = (uint8_t)(row[i] + ((left + up) >> 1));
            }
            break;
        case 4:
#if defined(__SSE2__)
            if (previous != NULL && (pixel_bytes == 3 || pixel_bytes == 4)) {
                /* Decode this row together with the Paeth rows right after it (up to 4 in all). */
                size_t count = 1;
                while (count < 4 && y + count < rows && data[(y + count) * stride] == 4) {
                    count++;
                }
                const uint8_t *above = previous;
                for (size_t r = 0; r < count; r++) {
                    uint8_t *current = row + r * stride;
                    for (i = 0; i < pixel_bytes && i < row_bytes; i++) {
                        current[i] = (uint8_t)(current[i] + above[i]);
                    }
                    above = current;
                }
                if (pixel_bytes == 3) {
                    switch (count) {
                    case 4: bw_paeth_rows_simd(row, stride, 4, previous, row_bytes, 3); break;
                    case 3: bw_paeth_rows_simd(row, stride, 3, previous, row_bytes, 3); break;
                    case 2: bw_paeth_rows_simd(row, stride, 2, previous, row_bytes, 3); break;
                    default: bw_paeth_rows_simd(row, stride, 1, previous, row_bytes, 3); break;
                    }
                } else {
                    switch (count) {
                    case 4: bw_paeth_rows_simd(row, stride, 4, previous, row_bytes, 4); break;
                    case 3: bw_paeth_rows_simd(row, stride, 3, previous, row_bytes, 4); break;
                    case 2: bw_paeth_rows_simd(row, stride, 2, previous, row_bytes, 4); break;
                    default: bw_paeth_rows_simd(row, stride, 1, previous, row_bytes, 4); break;
                    }
                }
                previous = row + (count - 1) * stride;
                y += count - 1;
                continue;
            }
#endif
            if (previous == NULL) {
                /* First row: Paeth reduces to Sub. */
                for (i = pixel_bytes; i < row_bytes; i++) {
                    row[i] = (uint8_t)(row[i] + row[i - pixel_bytes]);
                }
            } else {
                for (i = 0; i < pixel_bytes && i < row_bytes; i++) {
                    row[i] = (uint8_t)(row[i] + previous[i]);
                }
                for (; i < row_bytes; i++) {
                    row[i] = (uint8_t)(row[i] + bw_paeth(row[i - pixel_bytes], previous[i],
                                                         previous[i - pixel_bytes]));
                }
            }
            break;
        default:
            return (int64_t)y;
        }
        previous = row;
    }
    return -1;
}

static inline uint8_t bw_low_depth_sample(const uint8_t *row, size_t x, unsigned bits) {
    size_t bit = x * bits;
    unsigned shift = 8 - bits - (unsigned)(bit & 7);
    return (uint8_t)((row[bit >> 3] >> shift) & ((1u << bits) - 1));
}

void bw_png_row_to_rgb(const uint8_t *row, size_t width, int32_t bit_depth, int32_t color_type,
                       const uint8_t *palette, uint8_t *out, size_t out_pixel_step) {
    size_t step = out_pixel_step * 3;
    size_t x;
    switch (color_type) {
    case 0: /* grey */
        if (bit_depth == 16) {
            for (x = 0; x < width; x++, out += step) {
                unsigned value = ((unsigned)row[2 * x] << 8) | row[2 * x + 1];
                uint8_t level = value > 255 ? 255 : (uint8_t)value;
                out[0] = out[1] = out[2] = level;
            }
        } else if (bit_depth == 8) {
            for (x = 0; x < width; x++, out += step) {
                out[0] = out[1] = out[2] = row[x];
            }
        } else {
            unsigned scale = 255u / ((1u << bit_depth) - 1);
            for (x = 0; x < width; x++, out += step) {
                out[0] = out[1] = out[2] = (uint8_t)(bw_low_depth_sample(row, x, (unsigned)bit_depth) * scale);
            }
        }
        break;
    case 2: /* RGB */
        if (bit_depth == 8 && out_pixel_step == 1) {
            memmove(out, row, width * 3); /* may overlap: callers may convert in place */
        } else {
            size_t sample = bit_depth == 16 ? 2 : 1;
            for (x = 0; x < width; x++, out += step) {
                const uint8_t *pixel = row + x * 3 * sample;
                out[0] = pixel[0];
                out[1] = pixel[sample];
                out[2] = pixel[2 * sample];
            }
        }
        break;
    case 3: /* palette */
        for (x = 0; x < width; x++, out += step) {
            unsigned index = bit_depth == 8 ? row[x] : bw_low_depth_sample(row, x, (unsigned)bit_depth);
            const uint8_t *color = palette + 3 * index;
            out[0] = color[0];
            out[1] = color[1];
            out[2] = color[2];
        }
        break;
    case 4: { /* grey + alpha */
        size_t pixel_bytes = bit_depth == 16 ? 4 : 2;
        for (x = 0; x < width; x++, out += step) {
            out[0] = out[1] = out[2] = row[x * pixel_bytes];
        }
        break;
    }
    case 6: { /* RGBA */
        size_t sample = bit_depth == 16 ? 2 : 1;
        for (x = 0; x < width; x++, out += step) {
            const uint8_t *pixel = row + x * 4 * sample;
            out[0] = pixel[0];
            out[1] = pixel[sample];
            out[2] = pixel[2 * sample];
        }
        break;
    }
    default:
        break;
    }
}
