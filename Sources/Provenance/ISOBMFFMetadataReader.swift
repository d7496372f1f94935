/// Walks ISOBMFF boxes (HEIF, AVIF, MP4) and collects the `Exif` and XMP (`mime`
/// `application/rdf+xml`) items of the `meta` box and the C2PA manifest store (`uuid` box with
/// the C2PA UUID).
enum ISOBMFFMetadataReader {
    /// The user type of the C2PA `uuid` box: d8fec3d6-1b0e-483c-9297-58288 77ec481.
    static let c2paUUID: [UInt8] = [0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81]

    struct Box {
        var type: UInt32
        var start: Int
        var payload: Int
        var end: Int
    }

    struct Item {
        var id: UInt32
        var type: UInt32
        var contentType: String?
        var constructionMethod = 0
        var extents: [(offset: Int, length: Int)] = []
    }

    static func read(_ bytes: [UInt8], limits: ProvenanceLimits) -> MetadataBlocks {
        var blocks = MetadataBlocks(format: .isobmff)
        walk(bytes, from: 0, to: bytes.count, depth: 0, limits: limits, into: &blocks)
        return blocks
    }

    /// The box at `offset` (header only), or a problem when the header is bad.
    static func box(_ bytes: [UInt8], at offset: Int, end: Int) throws(ProvenanceError) -> Box {
        guard let size32 = bytes.be32(at: offset), let type = bytes.be32(at: offset + 4), offset + 8 <= end else {
            throw ProvenanceError(.truncated, "ISOBMFF box header", at: offset, "fewer than 8 bytes remain")
        }
        var payload = offset + 8
        var size = Int(size32)
        if size32 == 1 {
            guard let large = bytes.be64(at: offset + 8), large <= UInt64(Int.max) else {
                throw ProvenanceError(.truncated, "ISOBMFF box \(fourCCName(type))", at: offset, "64-bit size is cut off or too large")
            }
            size = Int(large)
            payload += 8
        } else if size32 == 0 {
            size = end - offset
        }
        guard size >= payload - offset, size <= end - offset else {
            throw ProvenanceError(.truncated, "ISOBMFF box \(fourCCName(type))", at: offset,
                                  "declares \(size) bytes but \(end - offset) remain")
        }
        return Box(type: type, start: offset, payload: payload, end: offset + size)
    }

    private static func walk(_ bytes: [UInt8], from start: Int, to end: Int, depth: Int,
                             limits: ProvenanceLimits, into blocks: inout MetadataBlocks) {
        var offset = start
        while offset < end {
            let current: Box
            do { current = try box(bytes, at: offset, end: end) } catch {
                blocks.problems.append(error)
                return
            }
            switch current.type {
            case fourCC("meta"):
                if depth < limits.maxBoxDepth {
                    readMeta(bytes, current, limits: limits, into: &blocks)
                }
            case fourCC("moov"), fourCC("udta"), fourCC("trak"):
                if depth < limits.maxBoxDepth {
                    walk(bytes, from: current.payload, to: current.end, depth: depth + 1, limits: limits, into: &blocks)
                }
            case fourCC("uuid"):
                readUUIDBox(bytes, current, into: &blocks)
            default:
                break
            }
            offset = current.end
        }
    }

    private static func readUUIDBox(_ bytes: [UInt8], _ box: Box, into blocks: inout MetadataBlocks) {
        guard bytes.matches(c2paUUID, at: box.payload), blocks.c2paManifestStore == nil else { return }
        let purposeStart = box.payload + 16 + 4  // user type, then FullBox version and flags
        guard let purposeEnd = bytes.firstIndex(of: 0, from: purposeStart, before: box.end) else {
            blocks.problem(.malformed, "ISOBMFF C2PA uuid box", at: box.start, "purpose string is not terminated")
            return
        }
        let purpose = bytes[purposeStart..<purposeEnd].latin1String()
        guard purpose == "manifest" else { return }
        let storeStart = purposeEnd + 1 + 8  // merkle offset
        guard storeStart <= box.end else {
            blocks.problem(.truncated, "ISOBMFF C2PA uuid box", at: box.start, "ends before the manifest store")
            return
        }
        blocks.c2paManifestStore = Array(bytes[storeStart..<box.end])
        blocks.c2paSource = "ISOBMFF uuid C2PA"
    }

    private static func readMeta(_ bytes: [UInt8], _ meta: Box, limits: ProvenanceLimits, into blocks: inout MetadataBlocks) {
        var items: [UInt32: Item] = [:]
        var order: [UInt32] = []
        var idat: Box?
        var offset = meta.payload + 4  // FullBox version and flags
        // Some QuickTime files write `meta` as a plain box; detect by a plausible child header.
        if let probe = bytes.be32(at: meta.payload + 4), probe == fourCC("hdlr") { offset = meta.payload }
        while offset < meta.end {
            let child: Box
            do { child = try box(bytes, at: offset, end: meta.end) } catch {
                blocks.problems.append(error)
                break
            }
            do {
                switch child.type {
                case fourCC("iinf"):
                    for item in try itemInfo(bytes, child, limits: limits) where items[item.id] == nil {
                        items[item.id] = item
                        order.append(item.id)
                    }
                case fourCC("iloc"):
                    for (id, method, extents) in try itemLocations(bytes, child, limits: limits) {
                        if items[id] == nil { items[id] = Item(id: id, type: 0); order.append(id) }
                        items[id]?.constructionMethod = method
                        items[id]?.extents = extents
                    }
                case fourCC("idat"):
                    idat = child
                default:
                    break
                }
            } catch {
                blocks.problems.append(error)
            }
            offset = child.end
        }
        for id in order {
            guard let item = items[id] else { continue }
            let isExif = item.type == fourCC("Exif")
            let isXMP = item.type == fourCC("mime") && item.contentType?.lowercased() == "application/rdf+xml"
            guard isExif || isXMP else { continue }
            let context = "ISOBMFF item \(id) (\(fourCCName(item.type)))"
            var data: [UInt8] = []
            var ok = true
            for extent in item.extents {
                var start = extent.offset
                if item.constructionMethod == 1 {
                    guard let idat else { ok = false; blocks.problem(.malformed, context, at: nil, "refers to a missing idat box"); break }
                    start = idat.payload + extent.offset
                } else if item.constructionMethod != 0 {
                    ok = false
                    blocks.problem(.refused, context, at: nil, "construction method \(item.constructionMethod) is not supported")
                    break
                }
                let length = extent.length == 0 ? bytes.count - start : extent.length
                guard bytes.fits(start, length), data.count + length <= limits.maxBlockBytes else {
                    ok = false
                    blocks.problem(.truncated, context, at: start, "extent of \(length) bytes leaves the file or passes the limit")
                    break
                }
                data.append(contentsOf: bytes[start..<(start + length)])
            }
            guard ok, !data.isEmpty else { continue }
            if isExif {
                // The item starts with a 4-byte offset to the TIFF header.
                guard let headerOffset = data.be32(at: 0), data.fits(4 + Int(headerOffset), 0) else {
                    blocks.problem(.malformed, context, at: nil, "TIFF header offset leaves the item")
                    continue
                }
                blocks.exif.append((Array(data[(4 + Int(headerOffset))...]), "ISOBMFF Exif item"))
            } else {
                blocks.xmp.append((data.utf8String(), "ISOBMFF XMP item"))
            }
        }
    }

    private static func itemInfo(_ bytes: [UInt8], _ iinf: Box, limits: ProvenanceLimits) throws(ProvenanceError) -> [Item] {
        guard let version = bytes.u8(at: iinf.payload) else {
            throw ProvenanceError(.truncated, "ISOBMFF iinf", at: iinf.start, "empty box")
        }
        var offset = iinf.payload + 4
        let count: Int
        if version == 0 {
            guard let value = bytes.be16(at: offset) else { throw ProvenanceError(.truncated, "ISOBMFF iinf", at: iinf.start, "no entry count") }
            count = Int(value); offset += 2
        } else {
            guard let value = bytes.be32(at: offset) else { throw ProvenanceError(.truncated, "ISOBMFF iinf", at: iinf.start, "no entry count") }
            count = Int(value); offset += 4
        }
        var items: [Item] = []
        for _ in 0..<Swift.min(count, limits.maxBlocks) {
            guard offset < iinf.end else { break }
            let infe = try box(bytes, at: offset, end: iinf.end)
            offset = infe.end
            guard infe.type == fourCC("infe"), let infeVersion = bytes.u8(at: infe.payload), infeVersion >= 2 else { continue }
            var cursor = infe.payload + 4
            let id: UInt32
            if infeVersion == 2 {
                guard let value = bytes.be16(at: cursor) else { continue }
                id = UInt32(value); cursor += 2
            } else {
                guard let value = bytes.be32(at: cursor) else { continue }
                id = value; cursor += 4
            }
            cursor += 2  // protection index
            guard let type = bytes.be32(at: cursor), cursor + 4 <= infe.end else {
                throw ProvenanceError(.truncated, "ISOBMFF infe", at: infe.start, "ends before the item type")
            }
            cursor += 4
            var item = Item(id: id, type: type)
            if type == fourCC("mime"), let nameEnd = bytes.firstIndex(of: 0, from: cursor, before: infe.end) {
                let typeStart = nameEnd + 1
                let typeEnd = bytes.firstIndex(of: 0, from: typeStart, before: infe.end) ?? infe.end
                if typeStart <= typeEnd { item.contentType = bytes[typeStart..<typeEnd].latin1String() }
            }
            items.append(item)
        }
        return items
    }

    private static func itemLocations(_ bytes: [UInt8], _ iloc: Box, limits: ProvenanceLimits)
        throws(ProvenanceError) -> [(UInt32, Int, [(offset: Int, length: Int)])] {
        let context = "ISOBMFF iloc"
        guard let version = bytes.u8(at: iloc.payload), let sizes = bytes.be16(at: iloc.payload + 4) else {
            throw ProvenanceError(.truncated, context, at: iloc.start, "header is cut off")
        }
        let offsetSize = Int(sizes >> 12), lengthSize = Int((sizes >> 8) & 0xF)
        let baseOffsetSize = Int((sizes >> 4) & 0xF), indexSize = version >= 1 ? Int(sizes & 0xF) : 0
        var cursor = iloc.payload + 6
        func read(_ size: Int) throws(ProvenanceError) -> Int {
            var value: UInt64 = 0
            switch size {
            case 0: return 0
            case 4: guard let v = bytes.be32(at: cursor), cursor + 4 <= iloc.end else { break }; value = UInt64(v)
            case 8: guard let v = bytes.be64(at: cursor), cursor + 8 <= iloc.end else { break }; value = v
            case 2: guard let v = bytes.be16(at: cursor), cursor + 2 <= iloc.end else { break }; value = UInt64(v)
            default: throw ProvenanceError(.malformed, context, at: cursor, "field size \(size) is not 0, 4 or 8")
            }
            guard cursor + size <= iloc.end else { throw ProvenanceError(.truncated, context, at: cursor, "ends inside an entry") }
            guard value <= UInt64(Int32.max) else { throw ProvenanceError(.malformed, context, at: cursor, "offset \(value) is too large") }
            cursor += size
            return Int(value)
        }
        let count = try read(version < 2 ? 2 : 4)
        var result: [(UInt32, Int, [(offset: Int, length: Int)])] = []
        for _ in 0..<Swift.min(count, limits.maxBlocks) {
            let id = UInt32(try read(version < 2 ? 2 : 4))
            var method = 0
            if version >= 1 { method = try read(2) & 0xF }
            _ = try read(2)  // data reference index
            let base = try read(baseOffsetSize)
            let extentCount = try read(2)
            guard extentCount <= 1024 else { throw ProvenanceError(.limitExceeded, context, at: cursor, "\(extentCount) extents in one item") }
            var extents: [(offset: Int, length: Int)] = []
            for _ in 0..<extentCount {
                if indexSize > 0 { _ = try read(indexSize) }
                let extentOffset = try read(offsetSize)
                let extentLength = try read(lengthSize)
                extents.append((base + extentOffset, extentLength))
            }
            result.append((id, method, extents))
        }
        return result
    }
}
