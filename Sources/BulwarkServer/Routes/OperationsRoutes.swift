import Hummingbird
import NIOCore

/// `/healthz`, `/readyz`, `/metrics` and `/openapi.json`.
enum OperationsRoutes {
    static func register(_ routes: RouteRegistry, _ services: BulwarkServices) {
        let matcher = services.matcher
        let metrics = services.metrics

        routes.add(.get, "/healthz", permission: .none) { _, _ in
            try JSONIO.response(StatusAnswer(status: "ok"))
        }
        routes.add(.get, "/readyz", permission: .none) { _, _ in
            guard matcher.isReady else {
                return try JSONIO.response(StatusAnswer(status: "loading", detail: "the match index is loading"), status: .serviceUnavailable)
            }
            return try JSONIO.response(StatusAnswer(status: "ready", detail: "\(matcher.pdqCount) PDQ and \(matcher.exactCount) exact entries indexed"))
        }
        routes.add(.get, "/metrics", permission: .anyKey) { _, _ in
            let text = metrics.render(gauges: [
                ("bulwark_index_pdq_entries", "PDQ entries in the match index.", Double(matcher.pdqCount)),
                ("bulwark_index_exact_entries", "Exact digests in the match index.", Double(matcher.exactCount)),
                ("bulwark_index_pdq_bytes", "Bytes held by the PDQ index.", Double(matcher.pdqMemoryBytes)),
                ("bulwark_index_ready", "1 once the match index is loaded.", matcher.isReady ? 1 : 0),
            ])
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        routes.add(.get, "/openapi.json", permission: .anyKey) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try OpenAPIDocument.json())))
        }
    }
}
