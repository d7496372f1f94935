/*
 * JPEG decoding through libjpeg(-turbo), with every libjpeg error caught by setjmp here in C.
 *
 * Pixel rules (so the output equals Pillow's `Image.open(f).convert("RGB")`):
 *  - libjpeg's defaults stay: ISLOW DCT, fancy upsampling, no colour quantisation;
 *  - 1 component: libjpeg expands grey to R=G=B;
 *  - 3 components: libjpeg converts YCbCr (or RGB) to RGB;
 *  - 4 components (CMYK or YCCK): libjpeg delivers CMYK samples, which Pillow always reads as
 *    Adobe-inverted ("CMYK;I") and converts with out = nk - nk*c/255 where nk = 255 - k,
 *    using its rounding division MULDIV255.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

#include "CImageShims.h"

struct bw_jpeg_decoder {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_error_mgr error_manager;
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    bw_status status;
    int32_t max_scans;
    /* Set by bw_jpeg_start_rgb until the rows end or fail. */
    int started;
    /* One CMYK row for 4-component files (libjpeg's image pool), else NULL. */
    JSAMPARRAY cmyk_row;
    char message[JMSG_LENGTH_MAX + 64];
};

static bw_status bw_jpeg_classify(int code) {
    switch (code) {
    case JERR_OUT_OF_MEMORY:
    case JERR_NO_BACKING_STORE:
    case JERR_TFILE_CREATE:
    case JERR_TFILE_READ:
    case JERR_TFILE_SEEK:
    case JERR_TFILE_WRITE:
        return BW_STATUS_MEMORY;
    case JERR_BAD_PRECISION:
    case JERR_NOT_COMPILED:
    case JERR_CONVERSION_NOTIMPL:
        return BW_STATUS_UNSUPPORTED;
    case JERR_INPUT_EMPTY:
    case JERR_INPUT_EOF:
        return BW_STATUS_TRUNCATED;
    default:
        return BW_STATUS_CORRUPT;
    }
}

static void bw_jpeg_fail(bw_jpeg_decoder *decoder, bw_status status) {
    decoder->status = status;
    longjmp(decoder->jump, 1);
}

static void bw_jpeg_error_exit(j_common_ptr cinfo) {
    bw_jpeg_decoder *decoder = (bw_jpeg_decoder *)cinfo->client_data;
    (*cinfo->err->format_message)(cinfo, decoder->message);
    bw_jpeg_fail(decoder, bw_jpeg_classify(cinfo->err->msg_code));
}

/* Warnings are silent, except running out of data: Pillow refuses truncated files too. */
static void bw_jpeg_emit_message(j_common_ptr cinfo, int msg_level) {
    if (msg_level >= 0) {
        return; /* trace messages */
    }
    cinfo->err->num_warnings++;
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) {
        bw_jpeg_decoder *decoder = (bw_jpeg_decoder *)cinfo->client_data;
        (*cinfo->err->format_message)(cinfo, decoder->message);
        bw_jpeg_fail(decoder, BW_STATUS_TRUNCATED);
    }
}

/* Caps the number of progressive scans, which otherwise bounds decoding time only by file size. */
static void bw_jpeg_progress(j_common_ptr cinfo) {
    bw_jpeg_decoder *decoder = (bw_jpeg_decoder *)cinfo->client_data;
    j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
    if (decoder->max_scans > 0 && dinfo->input_scan_number > decoder->max_scans) {
        snprintf(decoder->message, sizeof decoder->message,
                 "more than %d progressive scans", (int)decoder->max_scans);
        bw_jpeg_fail(decoder, BW_STATUS_CORRUPT);
    }
}

bw_jpeg_decoder *bw_jpeg_decoder_create(const uint8_t *data, size_t size) {
    bw_jpeg_decoder *decoder = calloc(1, sizeof *decoder);
    if (decoder == NULL) {
        return NULL;
    }
    decoder->cinfo.err = jpeg_std_error(&decoder->error_manager);
    decoder->error_manager.error_exit = bw_jpeg_error_exit;
    decoder->error_manager.emit_message = bw_jpeg_emit_message;
    decoder->cinfo.client_data = decoder;
    if (setjmp(decoder->jump)) {
        jpeg_destroy_decompress(&decoder->cinfo);
        free(decoder);
        return NULL;
    }
    jpeg_create_decompress(&decoder->cinfo);
    decoder->progress.progress_monitor = bw_jpeg_progress;
    decoder->cinfo.progress = &decoder->progress;
    jpeg_mem_src(&decoder->cinfo, data, (unsigned long)size);
    return decoder;
}

void bw_jpeg_decoder_destroy(bw_jpeg_decoder *decoder) {
    if (decoder == NULL) {
        return;
    }
    jpeg_destroy_decompress(&decoder->cinfo);
    free(decoder);
}

const char *bw_jpeg_message(const bw_jpeg_decoder *decoder) {
    return decoder->message;
}

bw_status bw_jpeg_read_header(bw_jpeg_decoder *decoder, bw_jpeg_header *header) {
    decoder->message[0] = '\0';
    if (setjmp(decoder->jump)) {
        return decoder->status;
    }
    jpeg_read_header(&decoder->cinfo, TRUE);
    header->width = decoder->cinfo.image_width;
    header->height = decoder->cinfo.image_height;
    header->components = decoder->cinfo.num_components;
    header->progressive = decoder->cinfo.progressive_mode ? 1 : 0;
    header->adobe_marker = decoder->cinfo.saw_Adobe_marker ? 1 : 0;
    header->bits_per_sample = decoder->cinfo.data_precision;
    return BW_STATUS_OK;
}

/* Pillow's rounding a*b/255 (MULDIV255 in libImaging). */
static inline unsigned bw_muldiv255(unsigned a, unsigned b) {
    unsigned t = a * b + 128;
    return ((t >> 8) + t) >> 8;
}

static void bw_cmyk_row_to_rgb(const JSAMPLE *cmyk, uint8_t *rgb, JDIMENSION width) {
    for (JDIMENSION x = 0; x < width; x++, cmyk += 4, rgb += 3) {
        unsigned nk = cmyk[3]; /* inverted storage: 255 - K */
        for (int c = 0; c < 3; c++) {
            unsigned ink = 255u - cmyk[c];
            unsigned covered = bw_muldiv255(ink, nk);
            rgb[c] = (uint8_t)(covered >= nk ? 0 : nk - covered);
        }
    }
}

enum { BW_JPEG_ROWS_PER_CALL = 16 };

bw_status bw_jpeg_start_rgb(bw_jpeg_decoder *decoder, size_t max_memory, int32_t max_scans) {
    struct jpeg_decompress_struct *cinfo = &decoder->cinfo;
    decoder->message[0] = '\0';
    if (setjmp(decoder->jump)) {
        jpeg_abort_decompress(cinfo);
        return decoder->status;
    }
    int cmyk = cinfo->num_components == 4;
    if (cmyk) {
        cinfo->out_color_space = JCS_CMYK;
    } else if (cinfo->num_components == 1 || cinfo->num_components == 3) {
        cinfo->out_color_space = JCS_RGB;
    } else {
        snprintf(decoder->message, sizeof decoder->message,
                 "%d colour components (expected 1, 3 or 4)", cinfo->num_components);
        jpeg_abort_decompress(cinfo);
        return BW_STATUS_UNSUPPORTED;
    }
    if (cinfo->image_width == 0 || cinfo->image_height == 0) {
        snprintf(decoder->message, sizeof decoder->message, "empty image %ux%u",
                 cinfo->image_width, cinfo->image_height);
        jpeg_abort_decompress(cinfo);
        return BW_STATUS_CORRUPT;
    }
    decoder->max_scans = max_scans;
    if (max_memory > 0) {
        cinfo->mem->max_memory_to_use = (long)(max_memory > (size_t)0x7fffffff ? 0x7fffffff : max_memory);
    }
    jpeg_start_decompress(cinfo);
    if (cinfo->output_width != cinfo->image_width || cinfo->output_height != cinfo->image_height ||
        cinfo->output_components != (cmyk ? 4 : 3)) {
        snprintf(decoder->message, sizeof decoder->message, "unexpected output geometry");
        jpeg_abort_decompress(cinfo);
        return BW_STATUS_CORRUPT;
    }
    decoder->cmyk_row = cmyk ? (*cinfo->mem->alloc_sarray)((j_common_ptr)cinfo, JPOOL_IMAGE,
                                                          (JDIMENSION)(cinfo->output_width * 4), 1)
                             : NULL;
    decoder->started = 1;
    return BW_STATUS_OK;
}

bw_status bw_jpeg_read_rgb_rows(bw_jpeg_decoder *decoder, uint8_t *rgb, size_t stride, uint32_t rows) {
    struct jpeg_decompress_struct *cinfo = &decoder->cinfo;
    decoder->message[0] = '\0';
    if (!decoder->started) {
        snprintf(decoder->message, sizeof decoder->message, "rows read before a successful start");
        return BW_STATUS_BAD_ARGUMENT;
    }
    if (stride < (size_t)cinfo->output_width * 3 || rows > cinfo->output_height - cinfo->output_scanline) {
        snprintf(decoder->message, sizeof decoder->message, "%u rows of stride %zu do not fit the image", rows, stride);
        return BW_STATUS_BAD_ARGUMENT;
    }
    if (setjmp(decoder->jump)) {
        decoder->started = 0;
        jpeg_abort_decompress(cinfo);
        return decoder->status;
    }
    uint32_t done = 0;
    while (done < rows) {
        JDIMENSION got;
        if (decoder->cmyk_row != NULL) {
            got = jpeg_read_scanlines(cinfo, decoder->cmyk_row, 1);
            if (got == 1) {
                bw_cmyk_row_to_rgb(decoder->cmyk_row[0], rgb + done * stride, cinfo->output_width);
            }
        } else {
            JSAMPROW targets[BW_JPEG_ROWS_PER_CALL];
            uint32_t count = rows - done < BW_JPEG_ROWS_PER_CALL ? rows - done : BW_JPEG_ROWS_PER_CALL;
            for (uint32_t i = 0; i < count; i++) {
                targets[i] = rgb + (done + i) * stride;
            }
            got = jpeg_read_scanlines(cinfo, targets, (JDIMENSION)count);
        }
        if (got == 0) {
            snprintf(decoder->message, sizeof decoder->message, "decoder stopped at row %u of %u",
                     cinfo->output_scanline, cinfo->output_height);
            decoder->started = 0;
            jpeg_abort_decompress(cinfo);
            return BW_STATUS_TRUNCATED;
        }
        done += got;
    }
    return BW_STATUS_OK;
}

void bw_jpeg_finish(bw_jpeg_decoder *decoder) {
    /* Whatever follows the rows read (EOI, trailing bytes) does not matter. */
    decoder->started = 0;
    decoder->cmyk_row = NULL;
    jpeg_abort_decompress(&decoder->cinfo);
}

bw_status bw_jpeg_decode_rgb(bw_jpeg_decoder *decoder, uint8_t *rgb, size_t rgb_size,
                             size_t max_memory, int32_t max_scans) {
    size_t width = decoder->cinfo.image_width;
    size_t height = decoder->cinfo.image_height;
    if (width == 0 || height == 0 || rgb_size / 3 / width != height || rgb_size % (3 * width) != 0) {
        snprintf(decoder->message, sizeof decoder->message, "output buffer does not fit %zux%zu", width, height);
        return BW_STATUS_BAD_ARGUMENT;
    }
    bw_status status = bw_jpeg_start_rgb(decoder, max_memory, max_scans);
    if (status != BW_STATUS_OK) {
        return status;
    }
    status = bw_jpeg_read_rgb_rows(decoder, rgb, width * 3, (uint32_t)height);
    if (status != BW_STATUS_OK) {
        return status;
    }
    bw_jpeg_finish(decoder);
    return BW_STATUS_OK;
}
