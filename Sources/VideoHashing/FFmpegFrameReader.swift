import CFFmpeg

/// One decoded frame chosen by the sampling rule, converted to packed RGB24.
///
/// `rows` is valid only during the callback that receives it.
struct SampledRGBFrame {
    /// The frame's index among all decoded frames, from 0.
    let frameNumber: Int
    let width: Int
    let height: Int
    /// The first row; row `y` starts `y * stride` bytes later and holds `width * 3` bytes.
    let rows: UnsafePointer<UInt8>
    let stride: Int
}

/// What the reader learnt about the video stream once it was opened.
struct VideoStreamInfo {
    let frameRate: Double
    let frameInterval: Int
    let width: Int
    let height: Int
    let codecName: String
}

/// Demuxes and decodes a video held in memory with FFmpeg, and hands every sampled frame to
/// a callback as RGB24, the way Meta's vPDQ reference does:
///
/// - the first video stream; every decoded frame counted in output order from 0;
/// - frames whose number is a multiple of ``VideoSampling/frameInterval(frameRate:)``
///   converted with libswscale (RGB24, `SWS_AREA`, to the sampling's size or the video's own);
/// - the decoder drained at the end of the stream. (The reference drains only when the video
///   is stream 0, so for other layouts it can miss the last buffered frames; Bulwark always
///   drains.)
///
/// FFmpeg reads the bytes through an in-memory reader and never touches the file system.
/// Errors from the demuxer or decoder after the stream was opened are reported as a corrupt
/// stream, with the frames handled so far left to the caller; with ``VideoDamagePolicy/stop``
/// the decoder also reports the damage it would otherwise conceal.
enum FFmpegFrameReader {
    /// Raised inside the reader; the hasher adds the frames hashed so far.
    struct Failure: Error {
        var kind: VideoHashingError.Kind
        var message: String
        var decodedFrames: Int
        var byteOffset: Int64?
    }

    /// Decodes `bytes`, calling `opened` once with the stream's description and then `frame`
    /// for each sampled frame.
    static func read(
        _ bytes: UnsafeBufferPointer<UInt8>, sampling: VideoSampling, limits: VideoLimits, decoderThreads: Int,
        damage: VideoDamagePolicy,
        opened: (VideoStreamInfo) throws -> Void,
        frame: (SampledRGBFrame) throws -> Void
    ) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw Failure(kind: .unreadable, message: "empty input", decodedFrames: 0)
        }
        guard bytes.count <= limits.maxBytes else {
            throw Failure(kind: .limitExceeded, message: "file is \(bytes.count) bytes, over the limit of \(limits.maxBytes)",
                          decodedFrames: 0)
        }
        av_log_set_level(AV_LOG_QUIET)

        let source = UnsafeMutablePointer<CFFmpegMemorySource>.allocate(capacity: 1)
        source.initialize(to: CFFmpegMemorySource(data: base, size: Int64(bytes.count), position: 0))
        defer { source.deallocate() }
        var io: UnsafeMutablePointer<AVIOContext>? = cffmpeg_memory_io_open(source, 1 << 16)
        defer { cffmpeg_memory_io_close(&io) }
        guard io != nil else { throw Failure(kind: .unreadable, message: "cannot allocate a reader", decodedFrames: 0) }

        var format: UnsafeMutablePointer<AVFormatContext>? = avformat_alloc_context()
        guard let allocated = format else { throw Failure(kind: .unreadable, message: "cannot allocate a demuxer", decodedFrames: 0) }
        allocated.pointee.pb = io
        allocated.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        var status = avformat_open_input(&format, nil, nil, nil)
        // On failure avformat_open_input frees the context and sets it to nil.
        defer { avformat_close_input(&format) }
        guard status == 0, let formatContext = format else {
            throw Failure(kind: .unreadable, message: "not a video container FFmpeg can read (\(errorText(status)))", decodedFrames: 0)
        }
        status = avformat_find_stream_info(formatContext, nil)
        guard status >= 0 else {
            throw Failure(kind: .unreadable, message: "cannot read stream information (\(errorText(status)))", decodedFrames: 0)
        }

        // The first video stream, as the reference picks it.
        var videoIndex: Int32 = -1
        var stream: UnsafeMutablePointer<AVStream>?
        for index in 0..<Int(formatContext.pointee.nb_streams) {
            guard let candidate = formatContext.pointee.streams?[index],
                  let parameters = candidate.pointee.codecpar,
                  parameters.pointee.codec_type == AVMEDIA_TYPE_VIDEO else { continue }
            videoIndex = Int32(index)
            stream = candidate
            break
        }
        guard let stream, let parameters = stream.pointee.codecpar else {
            throw Failure(kind: .unreadable, message: "no video stream", decodedFrames: 0)
        }
        let width = Int(parameters.pointee.width), height = Int(parameters.pointee.height)
        guard width > 0, height > 0 else {
            throw Failure(kind: .unreadable, message: "video stream has no frame size", decodedFrames: 0)
        }
        try checkSize(width: width, height: height, limits: limits, decodedFrames: 0)
        let outputWidth = sampling.width ?? width, outputHeight = sampling.height ?? height
        guard outputWidth >= 5, outputHeight >= 5, outputWidth <= limits.maxWidth, outputHeight <= limits.maxHeight else {
            throw Failure(kind: .unsupported,
                          message: "frames of \(outputWidth)x\(outputHeight) cannot be hashed (PDQ needs at least 5x5, limits allow \(limits.maxWidth)x\(limits.maxHeight))",
                          decodedFrames: 0)
        }
        let containerDuration = formatContext.pointee.duration
        if containerDuration != Int64.min, containerDuration > 0 {
            let seconds = Double(containerDuration) / 1_000_000
            guard seconds <= limits.maxDurationSeconds else {
                throw Failure(kind: .limitExceeded,
                              message: "video lasts \(seconds) s, over the limit of \(limits.maxDurationSeconds) s", decodedFrames: 0)
            }
        }

        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw Failure(kind: .unreadable, message: "no decoder for the video codec (id \(parameters.pointee.codec_id.rawValue))",
                          decodedFrames: 0)
        }
        var codecContext: UnsafeMutablePointer<AVCodecContext>? = avcodec_alloc_context3(codec)
        defer { avcodec_free_context(&codecContext) }
        guard let decoder = codecContext else {
            throw Failure(kind: .unreadable, message: "cannot allocate a decoder", decodedFrames: 0)
        }
        status = avcodec_parameters_to_context(decoder, parameters)
        guard status >= 0 else {
            throw Failure(kind: .unreadable, message: "bad codec parameters (\(errorText(status)))", decodedFrames: 0)
        }
        decoder.pointee.thread_count = Int32(clamping: max(1, decoderThreads))
        if damage == .stop { decoder.pointee.err_recognition |= AV_EF_EXPLODE }
        status = avcodec_open2(decoder, codec, nil)
        guard status >= 0 else {
            throw Failure(kind: .unreadable, message: "cannot open the decoder (\(errorText(status)))", decodedFrames: 0)
        }

        var rate = stream.pointee.avg_frame_rate
        if rate.num == 0 || rate.den == 0 { rate = stream.pointee.r_frame_rate }
        let frameRate = rate.den == 0 ? 0 : Double(rate.num) / Double(rate.den)
        guard frameRate.isFinite, frameRate > 0 else {
            throw Failure(kind: .unreadable, message: "the video stream has no frame rate", decodedFrames: 0)
        }
        let interval = sampling.frameInterval(frameRate: frameRate)
        let codecName = codec.pointee.name.map { String(cString: $0) } ?? "unknown"
        try opened(VideoStreamInfo(frameRate: frameRate, frameInterval: interval, width: outputWidth, height: outputHeight,
                                   codecName: codecName))

        var decoded: UnsafeMutablePointer<AVFrame>? = av_frame_alloc()
        defer { av_frame_free(&decoded) }
        var rgb: UnsafeMutablePointer<AVFrame>? = av_frame_alloc()
        defer { av_frame_free(&rgb) }
        var packet: UnsafeMutablePointer<AVPacket>? = av_packet_alloc()
        defer { av_packet_free(&packet) }
        guard let decodedFrame = decoded, let rgbFrame = rgb, let packet else {
            throw Failure(kind: .unreadable, message: "cannot allocate frames", decodedFrames: 0)
        }
        rgbFrame.pointee.format = AV_PIX_FMT_RGB24.rawValue
        rgbFrame.pointee.width = Int32(outputWidth)
        rgbFrame.pointee.height = Int32(outputHeight)
        status = av_frame_get_buffer(rgbFrame, 0)
        guard status >= 0, let rgbRows = rgbFrame.pointee.data.0 else {
            throw Failure(kind: .unreadable, message: "cannot allocate an RGB frame (\(errorText(status)))", decodedFrames: 0)
        }
        var scaler: OpaquePointer?
        defer { sws_freeContext(scaler) }

        var decodedFrames = 0
        func position() -> Int64? {
            guard let io else { return nil }
            let offset = avio_tell(io)
            return offset >= 0 ? offset : nil
        }
        /// Receives every frame the decoder has ready; false once it reports the end of the stream.
        func drain() throws {
            while true {
                let received = avcodec_receive_frame(decoder, decodedFrame)
                if received == cffmpeg_error_again() || received == cffmpeg_error_eof() { return }
                guard received >= 0 else {
                    throw Failure(kind: .corrupt, message: "the decoder failed (\(errorText(received)))",
                                  decodedFrames: decodedFrames, byteOffset: position())
                }
                defer { av_frame_unref(decodedFrame) }
                let frameNumber = decodedFrames
                if damage == .stop,
                   decodedFrame.pointee.decode_error_flags != 0 || decodedFrame.pointee.flags & AV_FRAME_FLAG_CORRUPT != 0 {
                    throw Failure(kind: .corrupt, message: "frame \(frameNumber) is damaged",
                                  decodedFrames: frameNumber, byteOffset: position())
                }
                decodedFrames += 1
                guard decodedFrames <= limits.maxDecodedFrames else {
                    throw Failure(kind: .limitExceeded, message: "more than \(limits.maxDecodedFrames) frames",
                                  decodedFrames: frameNumber)
                }
                let elapsed = Double(frameNumber) / frameRate
                guard elapsed <= limits.maxDurationSeconds else {
                    throw Failure(kind: .limitExceeded,
                                  message: "video runs past the limit of \(limits.maxDurationSeconds) s",
                                  decodedFrames: frameNumber)
                }
                guard frameNumber % interval == 0 else { continue }
                let sourceWidth = Int(decodedFrame.pointee.width), sourceHeight = Int(decodedFrame.pointee.height)
                try checkSize(width: sourceWidth, height: sourceHeight, limits: limits, decodedFrames: frameNumber)
                scaler = sws_getCachedContext(
                    scaler, Int32(sourceWidth), Int32(sourceHeight), AVPixelFormat(decodedFrame.pointee.format),
                    Int32(outputWidth), Int32(outputHeight), AV_PIX_FMT_RGB24, SWS_AREA, nil, nil, nil)
                guard let scaler else {
                    throw Failure(kind: .unsupported,
                                  message: "cannot convert frame \(frameNumber) (pixel format \(decodedFrame.pointee.format)) to RGB",
                                  decodedFrames: frameNumber)
                }
                let scaled = withUnsafePointer(to: &decodedFrame.pointee.data) { sourceData in
                    withUnsafePointer(to: &decodedFrame.pointee.linesize) { sourceStrides in
                        withUnsafeMutablePointer(to: &rgbFrame.pointee.data) { targetData in
                            withUnsafeMutablePointer(to: &rgbFrame.pointee.linesize) { targetStrides in
                                sws_scale(
                                    scaler,
                                    UnsafeRawPointer(sourceData).assumingMemoryBound(to: UnsafePointer<UInt8>?.self),
                                    UnsafeRawPointer(sourceStrides).assumingMemoryBound(to: Int32.self),
                                    0, Int32(sourceHeight),
                                    UnsafeMutableRawPointer(targetData).assumingMemoryBound(to: UnsafeMutablePointer<UInt8>?.self),
                                    UnsafeMutableRawPointer(targetStrides).assumingMemoryBound(to: Int32.self))
                            }
                        }
                    }
                }
                guard scaled > 0 else {
                    throw Failure(kind: .corrupt, message: "cannot convert frame \(frameNumber) to RGB",
                                  decodedFrames: frameNumber, byteOffset: position())
                }
                try frame(SampledRGBFrame(frameNumber: frameNumber, width: outputWidth, height: outputHeight,
                                          rows: UnsafePointer(rgbRows), stride: Int(rgbFrame.pointee.linesize.0)))
            }
        }

        while true {
            let read = av_read_frame(formatContext, packet)
            if read == cffmpeg_error_eof() { break }
            guard read >= 0 else {
                throw Failure(kind: .corrupt, message: "the demuxer failed (\(errorText(read)))",
                              decodedFrames: decodedFrames, byteOffset: position())
            }
            defer { av_packet_unref(packet) }
            guard packet.pointee.stream_index == videoIndex else { continue }
            let sent = avcodec_send_packet(decoder, packet)
            guard sent >= 0 else {
                let offset = packet.pointee.pos >= 0 ? packet.pointee.pos : position()
                throw Failure(kind: .corrupt, message: "the decoder rejected a packet (\(errorText(sent)))",
                              decodedFrames: decodedFrames, byteOffset: offset)
            }
            try drain()
        }
        let flushed = avcodec_send_packet(decoder, nil)
        guard flushed >= 0 || flushed == cffmpeg_error_eof() else {
            throw Failure(kind: .corrupt, message: "the decoder failed at the end of the stream (\(errorText(flushed)))",
                          decodedFrames: decodedFrames, byteOffset: position())
        }
        try drain()
    }

    private static func checkSize(width: Int, height: Int, limits: VideoLimits, decodedFrames: Int) throws {
        guard width <= limits.maxWidth, height <= limits.maxHeight else {
            throw Failure(kind: .limitExceeded,
                          message: "frames are \(width)x\(height), over the limit of \(limits.maxWidth)x\(limits.maxHeight)",
                          decodedFrames: decodedFrames)
        }
    }

    /// FFmpeg's text for an error code.
    static func errorText(_ code: Int32) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 128) { buffer in
            guard let base = buffer.baseAddress else { return "error \(code)" }
            cffmpeg_error_string(code, base, 128)
            return String(cString: base)
        }
    }
}
