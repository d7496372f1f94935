import BulwarkCore
import CGIF

/// GIF through giflib: the first frame only, placed on its canvas the way Pillow shows frame 0.
///
/// Pillow's frame 0 is a palette image the size of the logical screen (grown if the frame sticks
/// out of it), filled with the frame's transparent index if it has one (else index 0), with the
/// frame's pixels written over it, transparent ones included; `convert("RGB")` then looks every
/// index up in the frame's palette (local, else global; no palette: the index as grey).
struct GIFImageDecoder {
    let limits: DecodingLimits

    /// Frames are counted up to this many; the count stops there.
    static let maxFramesCounted = 65_536

    func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> DecodedImage {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { throw .empty }
        var input = MemoryCursor(base: base, count: bytes.count, offset: 0)
        return try withUnsafeMutablePointer(to: &input) { inputPointer throws(DecodingError) in
            var openError: Int32 = 0
            guard let gif = DGifOpen(inputPointer, gifRead, &openError) else {
                throw Self.error(code: openError, offset: inputPointer.pointee.offset)
            }
            defer {
                var closeError: Int32 = 0
                DGifCloseFile(gif, &closeError)
            }
            return try decodeFirstFrame(gif, input: inputPointer)
        }
    }

    private func decodeFirstFrame(
        _ gif: UnsafeMutablePointer<GifFileType>, input: UnsafeMutablePointer<MemoryCursor>
    ) throws(DecodingError) -> DecodedImage {
        var transparentIndex: Int?
        while true {
            var record = UNDEFINED_RECORD_TYPE
            guard DGifGetRecordType(gif, &record) == GIF_OK else {
                throw Self.error(code: gif.pointee.Error, offset: input.pointee.offset)
            }
            if record == IMAGE_DESC_RECORD_TYPE {
                guard DGifGetImageDesc(gif) == GIF_OK else {
                    throw Self.error(code: gif.pointee.Error, offset: input.pointee.offset)
                }
                let image = try readFrame(gif, transparentIndex: transparentIndex, input: input)
                let frames = 1 + countRemainingFrames(gif)
                let palette = gif.pointee.Image.ColorMap ?? gif.pointee.SColorMap
                return DecodedImage(image: image, format: .gif, bitDepth: Int(palette?.pointee.BitsPerPixel ?? 8),
                                    colorModel: .palette, hadAlpha: transparentIndex != nil, frameCount: frames)
            } else if record == EXTENSION_RECORD_TYPE {
                var code: Int32 = 0
                var block: UnsafeMutablePointer<GifByteType>?
                guard DGifGetExtension(gif, &code, &block) == GIF_OK else {
                    throw Self.error(code: gif.pointee.Error, offset: input.pointee.offset)
                }
                // Graphic control: size byte, flags, delay (2), transparent index.
                if code == GRAPHICS_EXT_FUNC_CODE, let block, block[0] >= 4 {
                    transparentIndex = block[1] & 1 != 0 ? Int(block[4]) : nil
                }
                while block != nil {
                    guard DGifGetExtensionNext(gif, &block) == GIF_OK else {
                        throw Self.error(code: gif.pointee.Error, offset: input.pointee.offset)
                    }
                }
            } else if record == TERMINATE_RECORD_TYPE {
                throw .corrupt(.gif, detail: "no image before the trailer at byte \(input.pointee.offset)")
            }
        }
    }

    private func readFrame(
        _ gif: UnsafeMutablePointer<GifFileType>, transparentIndex: Int?, input: UnsafeMutablePointer<MemoryCursor>
    ) throws(DecodingError) -> RGBImage {
        let screenWidth = Int(gif.pointee.SWidth), screenHeight = Int(gif.pointee.SHeight)
        let frame = gif.pointee.Image
        let left = Int(frame.Left), top = Int(frame.Top)
        let frameWidth = Int(frame.Width), frameHeight = Int(frame.Height)
        let width = max(screenWidth, left + frameWidth), height = max(screenHeight, top + frameHeight)
        _ = try limits.checkedPixelCount(width: width, height: height, format: .gif)

        let colors = Self.colorTable(frame.ColorMap ?? gif.pointee.SColorMap)
        var line = [GifPixelType](repeating: 0, count: max(frameWidth, 1))
        let coversCanvas = left == 0 && top == 0 && frameWidth == width && frameHeight == height
        return try RGBAllocation.image(width: width, height: height, format: .gif) { canvas in
            guard let canvasBase = canvas.baseAddress else { return .outOfMemory(.gif, detail: "empty canvas") }
            colors.withUnsafeBufferPointer { table in
                guard !coversCanvas, let table = table.baseAddress else { return }
                let fill = table + 3 * (transparentIndex ?? 0)
                for pixel in 0..<width * height {
                    (canvasBase + 3 * pixel).update(from: fill, count: 3)
                }
            }
            for row in Self.rowOrder(height: frameHeight, interlaced: frame.Interlace) {
                let error: DecodingError? = line.withUnsafeMutableBufferPointer { indices in
                    guard let indices = indices.baseAddress,
                          DGifGetLine(gif, indices, Int32(frameWidth)) == GIF_OK else {
                        return Self.error(code: gif.pointee.Error, offset: input.pointee.offset)
                    }
                    // The canvas holds the whole frame (width >= left + frameWidth, height >= top + frameHeight)
                    // and every index is below 256, inside the 256-entry table.
                    colors.withUnsafeBufferPointer { table in
                        guard let table = table.baseAddress else { return }
                        var out = canvasBase + ((top + row) * width + left) * 3
                        for x in 0..<frameWidth {
                            out.update(from: table + 3 * Int(indices[x]), count: 3)
                            out += 3
                        }
                    }
                    return nil
                }
                if let error { return error }
            }
            return nil
        }
    }

    /// 256 RGB triples. Without a palette an index stands for its own grey level; indices past
    /// the palette's end map to black.
    private static func colorTable(_ map: UnsafeMutablePointer<ColorMapObject>?) -> [UInt8] {
        guard let map, let colors = map.pointee.Colors else {
            return (0..<256).flatMap { [UInt8($0), UInt8($0), UInt8($0)] }
        }
        var table = [UInt8](repeating: 0, count: 256 * 3)
        for index in 0..<min(Int(map.pointee.ColorCount), 256) {
            table[3 * index] = colors[index].Red
            table[3 * index + 1] = colors[index].Green
            table[3 * index + 2] = colors[index].Blue
        }
        return table
    }

    /// Rows in the order the file stores them (interlaced: passes of 8, 8, 4, 2).
    private static func rowOrder(height: Int, interlaced: Bool) -> [Int] {
        guard interlaced else { return Array(0..<height) }
        return [(0, 8), (4, 8), (2, 4), (1, 2)].flatMap { start, step in stride(from: start, to: height, by: step) }
    }

    /// Counts the frames after the first without decoding them; stops at the first error.
    private func countRemainingFrames(_ gif: UnsafeMutablePointer<GifFileType>) -> Int {
        var frames = 0
        // giflib consumed the first frame's data up to its terminator when its last line was read.
        while frames + 1 < Self.maxFramesCounted {
            var record = UNDEFINED_RECORD_TYPE
            guard DGifGetRecordType(gif, &record) == GIF_OK else { return frames }
            if record == IMAGE_DESC_RECORD_TYPE {
                guard DGifGetImageDesc(gif) == GIF_OK else { return frames }
                frames += 1
                guard skipCodeBlocks(gif) else { return frames }
            } else if record == EXTENSION_RECORD_TYPE {
                var code: Int32 = 0
                var block: UnsafeMutablePointer<GifByteType>?
                guard DGifGetExtension(gif, &code, &block) == GIF_OK else { return frames }
                while block != nil {
                    guard DGifGetExtensionNext(gif, &block) == GIF_OK else { return frames }
                }
            } else if record == TERMINATE_RECORD_TYPE {
                return frames
            }
        }
        return frames
    }

    /// Reads past one frame's compressed data without decoding it.
    private func skipCodeBlocks(_ gif: UnsafeMutablePointer<GifFileType>) -> Bool {
        var block: UnsafeMutablePointer<GifByteType>?
        var codeSize: Int32 = 0
        guard DGifGetCode(gif, &codeSize, &block) == GIF_OK else { return false }
        while block != nil {
            guard DGifGetCodeNext(gif, &block) == GIF_OK else { return false }
        }
        return true
    }

    private static func error(code: Int32, offset: Int) -> DecodingError {
        let reason = GifErrorString(code).map { String(cString: $0) } ?? "giflib error \(code)"
        let detail = "\(reason) (input read up to byte \(offset))"
        return switch code {
        case D_GIF_ERR_READ_FAILED, D_GIF_ERR_EOF_TOO_SOON: .truncated(.gif, detail: detail)
        case D_GIF_ERR_NOT_ENOUGH_MEM: .outOfMemory(.gif, detail: detail)
        default: .corrupt(.gif, detail: detail)
        }
    }
}

/// giflib's input callback: copies up to `length` bytes; fewer at the end of the data.
private func gifRead(
    _ gif: UnsafeMutablePointer<GifFileType>?, _ out: UnsafeMutablePointer<GifByteType>?, _ length: Int32
) -> Int32 {
    guard let gif, let out, length > 0, let user = gif.pointee.UserData else { return 0 }
    return Int32(user.assumingMemoryBound(to: MemoryCursor.self).pointee.read(into: out, count: Int(length)))
}
