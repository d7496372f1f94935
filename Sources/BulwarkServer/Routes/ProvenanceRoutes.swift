import Hummingbird

/// `/v1/provenance`: what an uploaded file says about how it was made (C2PA, XMP, EXIF,
/// generator parameters), and the text checks of the prompts it carries. The upload is
/// bounded like `/v1/hash`.
enum ProvenanceRoutes {
    static func register(_ routes: RouteRegistry, _ services: BulwarkServices) {
        let provenance = services.engines.provenance
        let limit = services.configuration.maxUploadBytes

        routes.add(.post, "/v1/provenance", permission: .match) { request, _ in
            let bytes = try await MatchRoutes.upload(request, limit: limit)
            let analysed = provenance.analyse(bytes)
            return try JSONIO.response(ProvenanceAnswer(report: analysed.report, decision: analysed.decision))
        }
    }
}
