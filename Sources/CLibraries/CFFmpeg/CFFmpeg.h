// FFmpeg's demuxing, decoding and scaling libraries (Debian libavformat, libavcodec,
// libswscale, libavutil), plus the few things Swift cannot import directly: error codes that
// are function-like macros, and an in-memory reader so the libraries never open files.
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/imgutils.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>

/// AVERROR(EAGAIN): the decoder needs more input before it can output a frame.
static inline int cffmpeg_error_again(void) { return AVERROR(EAGAIN); }
/// AVERROR_EOF: the end of the stream.
static inline int cffmpeg_error_eof(void) { return AVERROR_EOF; }

/// FFmpeg's message for an error code, written into `buffer`.
static inline void cffmpeg_error_string(int code, char *buffer, size_t size) {
    if (av_strerror(code, buffer, size) < 0 && size > 0) {
        snprintf(buffer, size, "error %d", code);
    }
}

/// Bytes already in memory, read by FFmpeg through an AVIOContext.
typedef struct {
    const uint8_t *data;
    int64_t size;
    int64_t position;
} CFFmpegMemorySource;

static inline int cffmpeg_memory_read(void *opaque, uint8_t *buffer, int size) {
    CFFmpegMemorySource *source = (CFFmpegMemorySource *)opaque;
    if (size <= 0) return 0;
    int64_t remaining = source->size - source->position;
    if (remaining <= 0) return AVERROR_EOF;
    int count = remaining < (int64_t)size ? (int)remaining : size;
    memcpy(buffer, source->data + source->position, (size_t)count);
    source->position += count;
    return count;
}

static inline int64_t cffmpeg_memory_seek(void *opaque, int64_t offset, int whence) {
    CFFmpegMemorySource *source = (CFFmpegMemorySource *)opaque;
    int64_t base;
    switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE: return source->size;
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = source->position; break;
    case SEEK_END: base = source->size; break;
    default: return AVERROR(EINVAL);
    }
    if ((offset > 0 && base > INT64_MAX - offset) || (offset < 0 && base < INT64_MIN - offset)) return AVERROR(EINVAL);
    int64_t target = base + offset;
    if (target < 0 || target > source->size) return AVERROR(EINVAL);
    source->position = target;
    return target;
}

/// A read-only, seekable AVIOContext over `source` (which must outlive it), or NULL.
static inline AVIOContext *cffmpeg_memory_io_open(CFFmpegMemorySource *source, int buffer_size) {
    unsigned char *buffer = (unsigned char *)av_malloc((size_t)buffer_size);
    if (!buffer) return NULL;
    AVIOContext *io = avio_alloc_context(buffer, buffer_size, 0, source, cffmpeg_memory_read, NULL, cffmpeg_memory_seek);
    if (!io) av_free(buffer);
    return io;
}

/// Frees an AVIOContext made by cffmpeg_memory_io_open and its (possibly reallocated) buffer.
static inline void cffmpeg_memory_io_close(AVIOContext **io) {
    if (io && *io) {
        av_freep(&(*io)->buffer);
        avio_context_free(io);
    }
}
