/*
 * CImageShims: the few decoding steps better done in C.
 *
 * libjpeg reports errors by longjmp; a longjmp across Swift frames is undefined behaviour.
 * The JPEG functions keep every libjpeg call inside C frames guarded by setjmp and turn each
 * failure into a status code plus a message, in two steps so the caller can check the
 * dimensions from the header against its limits before allocating the output buffer.
 * The PNG functions are the hot pixel loops (inflate, unfilter, row conversion); the PNG
 * container itself is parsed in Swift.
 */
#ifndef CIMAGESHIMS_H
#define CIMAGESHIMS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Outcome of a shim call. */
typedef enum {
    BW_STATUS_OK = 0,
    /** The data breaks the format's rules; the message says how. */
    BW_STATUS_CORRUPT = 1,
    /** The data ends before the image does. */
    BW_STATUS_TRUNCATED = 2,
    /** Valid data this decoder does not handle (e.g. 12-bit JPEG). */
    BW_STATUS_UNSUPPORTED = 3,
    /** Memory could not be allocated, or a memory cap was reached. */
    BW_STATUS_MEMORY = 4,
    /** The caller passed an output buffer of the wrong size. */
    BW_STATUS_BAD_ARGUMENT = 5
} bw_status;

/* ---------------------------------------------------------------- JPEG */

/** What the JPEG header says. */
typedef struct {
    uint32_t width;
    uint32_t height;
    /** Number of colour components in the frame (1, 3 or 4). */
    int32_t components;
    /** 1 if the frame is progressive (SOF2/SOF6/SOF10/SOF14). */
    int32_t progressive;
    /** 1 if an Adobe APP14 marker was seen. */
    int32_t adobe_marker;
    /** Bits per sample in the file (8 for baseline). */
    int32_t bits_per_sample;
} bw_jpeg_header;

typedef struct bw_jpeg_decoder bw_jpeg_decoder;

/** A decoder for one JPEG held in memory. `data` must stay valid until destroy. NULL if out of memory. */
bw_jpeg_decoder *bw_jpeg_decoder_create(const uint8_t *data, size_t size);
void bw_jpeg_decoder_destroy(bw_jpeg_decoder *decoder);
/** Reads markers up to the first scan and fills `header`. */
bw_status bw_jpeg_read_header(bw_jpeg_decoder *decoder, bw_jpeg_header *header);
/**
 * Decodes into `rgb` (width*height*3 bytes, rows top to bottom). Greyscale is replicated to
 * R=G=B; 4-component (CMYK/YCCK) data is treated as Adobe-inverted CMYK and converted the way
 * Pillow converts CMYK to RGB. `max_memory` caps libjpeg's working memory (0: no cap) and
 * `max_scans` the number of progressive scans (0: no cap).
 */
bw_status bw_jpeg_decode_rgb(bw_jpeg_decoder *decoder, uint8_t *rgb, size_t rgb_size,
                             size_t max_memory, int32_t max_scans);
/**
 * Streaming alternative to bw_jpeg_decode_rgb, after bw_jpeg_read_header: start (colour
 * conversion and caps as above), read rows top to bottom in any batch sizes, then finish.
 * A failed start or read leaves the decoder finished.
 */
bw_status bw_jpeg_start_rgb(bw_jpeg_decoder *decoder, size_t max_memory, int32_t max_scans);
/** Decodes the next `rows` rows into `rgb`, each `stride` bytes apart (at least width*3). */
bw_status bw_jpeg_read_rgb_rows(bw_jpeg_decoder *decoder, uint8_t *rgb, size_t stride, uint32_t rows);
/** Ends decompression, whatever rows remain unread. */
void bw_jpeg_finish(bw_jpeg_decoder *decoder);
/** The last error or warning message ("" if none). Valid until the next call or destroy. */
const char *bw_jpeg_message(const bw_jpeg_decoder *decoder);

/* ----------------------------------------------------------------- PNG */

/** CRC-32 (as used by PNG chunks) of `size` bytes. */
uint32_t bw_crc32(const uint8_t *data, size_t size);

/**
 * Inflates a complete zlib stream into `output` (libdeflate). OK if the stream is valid and
 * ends properly (`produced` then says how many bytes it held, which may be fewer than
 * `output_size`); BAD_ARGUMENT if it holds more than `output_size` bytes; CORRUPT if it is
 * invalid or cut short.
 */
bw_status bw_zlib_inflate(const uint8_t *input, size_t input_size, uint8_t *output, size_t output_size,
                          size_t *produced);
/**
 * Reverses PNG filtering in place over `rows` rows, each a filter-type byte then `row_bytes`
 * bytes. Returns -1 on success, or the index of the first row with an unknown filter type.
 */
int64_t bw_png_unfilter(uint8_t *data, size_t rows, size_t row_bytes, size_t pixel_bytes);
/**
 * Converts one unfiltered row (`width` pixels of the given PNG bit depth and colour type) to
 * RGB the way Pillow's `convert("RGB")` sees it, writing pixel x at `out + 3 * x * out_pixel_step`.
 * `palette` holds 256 RGB triples (used for colour type 3 only). For 8-bit RGB and RGBA rows,
 * `out` may overlap `row` as long as it does not start after it (conversion in place).
 */
void bw_png_row_to_rgb(const uint8_t *row, size_t width, int32_t bit_depth, int32_t color_type,
                       const uint8_t *palette, uint8_t *out, size_t out_pixel_step);

#ifdef __cplusplus
}
#endif

#endif
