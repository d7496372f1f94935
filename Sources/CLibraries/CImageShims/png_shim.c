/*
 * PNG decoding through libpng, with every libpng error caught by setjmp here in C.
 *
 * Pixel rules (so the output equals Pillow's `Image.open(f).convert("RGB")`):
 *  - palette: looked up; tRNS and alpha channels dropped (no compositing);
 *  - grey 1/2/4-bit: scaled to 8 bits (x255, x85, x17), then replicated;
 *  - 16-bit RGB, RGBA, grey+alpha: the high byte of each sample;
 *  - 16-bit grey: Pillow keeps it as mode I;16, whose conversion to RGB clips values above
 *    255 to 255 (it does not scale), so this decoder does the same;
 *  - no gamma, colour profile or background handling.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>

#include "CImageShims.h"

struct bw_png_decoder {
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t size;
    size_t offset;
    png_bytep *rows;
    bw_status status;
    char message[256];
};

static void bw_png_error(png_structp png, png_const_charp text) {
    bw_png_decoder *decoder = (bw_png_decoder *)png_get_error_ptr(png);
    if (decoder->status == BW_STATUS_OK) {
        decoder->status = BW_STATUS_CORRUPT;
        snprintf(decoder->message, sizeof decoder->message, "%s", text);
    }
    png_longjmp(png, 1);
}

static void bw_png_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

static void bw_png_read(png_structp png, png_bytep out, size_t length) {
    bw_png_decoder *decoder = (bw_png_decoder *)png_get_io_ptr(png);
    if (length > decoder->size - decoder->offset) {
        decoder->status = BW_STATUS_TRUNCATED;
        snprintf(decoder->message, sizeof decoder->message,
                 "data ends at byte %zu, %zu more bytes needed", decoder->size,
                 length - (decoder->size - decoder->offset));
        png_error(png, decoder->message);
    }
    memcpy(out, decoder->data + decoder->offset, length);
    decoder->offset += length;
}

bw_png_decoder *bw_png_decoder_create(const uint8_t *data, size_t size) {
    bw_png_decoder *decoder = calloc(1, sizeof *decoder);
    if (decoder == NULL) {
        return NULL;
    }
    decoder->data = data;
    decoder->size = size;
    decoder->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, decoder, bw_png_error, bw_png_warning);
    if (decoder->png == NULL) {
        free(decoder);
        return NULL;
    }
    decoder->info = png_create_info_struct(decoder->png);
    if (decoder->info == NULL) {
        png_destroy_read_struct(&decoder->png, NULL, NULL);
        free(decoder);
        return NULL;
    }
    png_set_read_fn(decoder->png, decoder, bw_png_read);
    return decoder;
}

void bw_png_decoder_destroy(bw_png_decoder *decoder) {
    if (decoder == NULL) {
        return;
    }
    png_destroy_read_struct(&decoder->png, &decoder->info, NULL);
    free(decoder->rows);
    free(decoder);
}

const char *bw_png_message(const bw_png_decoder *decoder) {
    return decoder->message;
}

bw_status bw_png_read_header(bw_png_decoder *decoder, bw_png_header *header) {
    decoder->status = BW_STATUS_OK;
    decoder->message[0] = '\0';
    if (setjmp(png_jmpbuf(decoder->png))) {
        return decoder->status;
    }
    /* The caller checks dimensions against its own limits; lift libpng's 1M x 1M default. */
    png_set_user_limits(decoder->png, 0x7fffffffU, 0x7fffffffU);
    png_read_info(decoder->png, decoder->info);
    header->width = png_get_image_width(decoder->png, decoder->info);
    header->height = png_get_image_height(decoder->png, decoder->info);
    header->bit_depth = png_get_bit_depth(decoder->png, decoder->info);
    header->color_type = png_get_color_type(decoder->png, decoder->info);
    header->interlaced = png_get_interlace_type(decoder->png, decoder->info) != PNG_INTERLACE_NONE;
    header->has_trns = png_get_valid(decoder->png, decoder->info, PNG_INFO_tRNS) ? 1 : 0;
    return BW_STATUS_OK;
}

/* Pillow's I;16 to RGB: values above 255 become 255. Runs right to left, in place. */
static void bw_grey16_row_to_rgb(uint8_t *row, size_t width) {
    for (size_t i = width; i-- > 0;) {
        unsigned value = ((unsigned)row[2 * i] << 8) | row[2 * i + 1];
        uint8_t level = value > 255 ? 255 : (uint8_t)value;
        row[3 * i] = level;
        row[3 * i + 1] = level;
        row[3 * i + 2] = level;
    }
}

bw_status bw_png_decode_rgb(bw_png_decoder *decoder, uint8_t *rgb, size_t rgb_size) {
    png_structp png = decoder->png;
    png_infop info = decoder->info;
    decoder->status = BW_STATUS_OK;
    decoder->message[0] = '\0';
    if (setjmp(png_jmpbuf(png))) {
        return decoder->status;
    }
    size_t width = png_get_image_width(png, info);
    size_t height = png_get_image_height(png, info);
    if (width == 0 || height == 0 || rgb_size / 3 / width != height || rgb_size % (3 * width) != 0) {
        snprintf(decoder->message, sizeof decoder->message, "output buffer does not fit %zux%zu", width, height);
        return BW_STATUS_BAD_ARGUMENT;
    }
    int color_type = png_get_color_type(png, info);
    int bit_depth = png_get_bit_depth(png, info);
    int grey16 = color_type == PNG_COLOR_TYPE_GRAY && bit_depth == 16;
    size_t expected_row_bytes = grey16 ? width * 2 : width * 3;

    if (!grey16) {
        if (color_type == PNG_COLOR_TYPE_PALETTE) {
            png_set_palette_to_rgb(png); /* also turns tRNS into alpha, stripped below */
        }
        if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) {
            png_set_expand_gray_1_2_4_to_8(png);
        }
        if (bit_depth == 16) {
            png_set_strip_16(png); /* keeps the high byte, as Pillow's ;16B unpackers do */
        }
        if (color_type & PNG_COLOR_MASK_ALPHA || color_type == PNG_COLOR_TYPE_PALETTE) {
            png_set_strip_alpha(png);
        }
        if (!(color_type & PNG_COLOR_MASK_COLOR)) {
            png_set_gray_to_rgb(png);
        }
    }
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != expected_row_bytes) {
        snprintf(decoder->message, sizeof decoder->message,
                 "unexpected row size %zu for colour type %d, depth %d",
                 (size_t)png_get_rowbytes(png, info), color_type, bit_depth);
        return BW_STATUS_UNSUPPORTED;
    }
    free(decoder->rows);
    decoder->rows = malloc(height * sizeof(png_bytep));
    if (decoder->rows == NULL) {
        snprintf(decoder->message, sizeof decoder->message, "no memory for %zu row pointers", height);
        return BW_STATUS_MEMORY;
    }
    for (size_t y = 0; y < height; y++) {
        decoder->rows[y] = rgb + y * width * 3;
    }
    png_read_image(png, decoder->rows);
    if (grey16) {
        for (size_t y = 0; y < height; y++) {
            bw_grey16_row_to_rgb(decoder->rows[y], width);
        }
    }
    return BW_STATUS_OK;
}
