// libFuzzer entry point for the ContentCredentials JUMBF and CBOR parsers.
// Built by run.sh together with the parser sources (not part of the Swift package).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJUMBFAndCBOR(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    let limits = C2PALimits.default
    let decoder = CBORDecoder(limits: limits)
    // The input as one CBOR document.
    _ = try? decoder.decode(bytes)
    _ = try? decoder.decodePrefix(bytes)
    // The input as a JUMBF manifest store, and every CBOR box inside it.
    if let root = try? JUMBFParser(limits: limits).parseSuperbox(bytes) {
        var pending = [root]
        while let box = pending.popLast() {
            pending += box.superboxes
            for content in box.contentBoxes where content.type == "cbor" {
                _ = try? decoder.decode(Array(bytes[content.payloadRange]))
            }
        }
    }
    return 0
}
