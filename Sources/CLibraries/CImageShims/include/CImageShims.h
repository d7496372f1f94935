/*
 * CImageShims: the few decoding steps Swift cannot do safely by itself.
 *
 * libjpeg and libpng report errors by longjmp; a longjmp across Swift frames is undefined
 * behaviour. These functions keep every libjpeg/libpng call inside C frames guarded by setjmp
 * and turn each failure into a status code plus a message. Each decoder works in two steps so
 * the caller can check the dimensions from the header against its limits before allocating
 * the output buffer.
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
/** The last error or warning message ("" if none). Valid until the next call or destroy. */
const char *bw_jpeg_message(const bw_jpeg_decoder *decoder);

/* ----------------------------------------------------------------- PNG */

/** What the PNG IHDR says. */
typedef struct {
    uint32_t width;
    uint32_t height;
    int32_t bit_depth;
    /** PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
    int32_t color_type;
    int32_t interlaced;
    /** 1 if a tRNS chunk precedes IDAT. */
    int32_t has_trns;
} bw_png_header;

typedef struct bw_png_decoder bw_png_decoder;

/** A decoder for one PNG held in memory. `data` must stay valid until destroy. NULL if out of memory. */
bw_png_decoder *bw_png_decoder_create(const uint8_t *data, size_t size);
void bw_png_decoder_destroy(bw_png_decoder *decoder);
/** Reads the chunks before the image data and fills `header`. */
bw_status bw_png_read_header(bw_png_decoder *decoder, bw_png_header *header);
/**
 * Decodes into `rgb` (width*height*3 bytes) the way Pillow's `convert("RGB")` sees the file:
 * palette looked up, alpha and tRNS dropped, grey replicated, 16-bit samples cut to their high
 * byte, except 16-bit grey (Pillow mode I;16), whose values above 255 clip to 255.
 */
bw_status bw_png_decode_rgb(bw_png_decoder *decoder, uint8_t *rgb, size_t rgb_size);
/** The last error message ("" if none). Valid until the next call or destroy. */
const char *bw_png_message(const bw_png_decoder *decoder);

#ifdef __cplusplus
}
#endif

#endif
