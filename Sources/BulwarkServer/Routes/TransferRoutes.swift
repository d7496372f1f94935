import BulwarkCore
import Hummingbird
import NIOCore
import Store

/// `/v1/banks/{bank}/import` (streamed request body, one transaction) and
/// `/v1/banks/{bank}/export` (streamed response).
enum TransferRoutes {
    static func register(_ routes: RouteRegistry, _ services: BulwarkServices) {
        let store = services.banks
        let matcher = services.matcher
        let maxBytes = services.configuration.maxImportBytes

        routes.add(.post, "/v1/banks/{bank}/import", permission: .writeBanks) { request, context in
            let bank = try await BankRoutes.bank(context, store)
            let format = try format(request, default: "csv")
            if let declared = request.headers[.contentLength].flatMap({ Int64($0) }), declared > maxBytes {
                throw APIError.tooLarge(limit: Int(clamping: maxBytes), what: "the import body")
            }
            let options = ImportOptions(
                format: format, skipInvalid: try request.boolQuery("skip_invalid") ?? false,
                defaultLabels: EntryLabels(source: request.query("source"), category: request.query("category")))
            let watermark = matcher.watermark(bankID: bank.id)
            var source = RequestBodyChunkSource(iterator: request.body.makeAsyncIterator(), limit: maxBytes)
            let report = try await BankImporter(store: store).importEntries(into: bank.id, from: &source, options: options)
            try await matcher.importFinished(bankID: bank.id, after: watermark)
            return try JSONIO.response(report)
        }
        routes.add(.get, "/v1/banks/{bank}/export", permission: .readBanks) { request, context in
            let bank = try await BankRoutes.bank(context, store)
            let format = try format(request, default: "csv")
            let chunks = try BankExporter(store: store).export(bankID: bank.id, format: format)
            let contentType = format == .ndjson ? "application/x-ndjson" : format == .tsv ? "text/tab-separated-values" : "text/csv"
            return Response(
                status: .ok,
                headers: [.contentType: contentType, .contentDisposition: "attachment; filename=\"bank-\(bank.id).\(format)\""],
                body: ResponseBody(asyncSequence: chunks.map { ByteBuffer(bytes: $0) }))
        }
    }

    private static func format(_ request: Request, default name: String) throws -> BankFileFormat {
        let name = request.query("format") ?? name
        guard let format = BankFileFormat(name: name) else {
            throw APIError.badRequest("format: \"\(name.prefix(40))\" is not one of \(BankFileFormat.names.joined(separator: ", "))")
        }
        return format
    }
}

/// Feeds an import from the request body as it arrives, refusing more than `limit` bytes.
struct RequestBodyChunkSource: ByteChunkSource {
    var iterator: RequestBody.AsyncIterator
    let limit: Int64
    var consumed: Int64 = 0

    init(iterator: RequestBody.AsyncIterator, limit: Int64) {
        self.iterator = iterator
        self.limit = limit
    }

    var totalBytes: Int64? { nil }

    mutating func nextChunk() async throws -> [UInt8]? {
        guard let buffer = try await iterator.next() else { return nil }
        consumed += Int64(buffer.readableBytes)
        guard consumed <= limit else { throw APIError.tooLarge(limit: Int(clamping: limit), what: "the import body") }
        return Array(buffer.readableBytesView)
    }
}
