import Hummingbird
import Logging

/// Builds the Bulwark HTTP application: router, middleware (metrics, JSON errors, API-key
/// authentication) and every route.
public enum BulwarkApplication {
    /// Paths that need no API key.
    public static let publicPaths: Set<String> = ["/healthz", "/readyz"]

    /// The router and the registry of its routes.
    public static func router(services: BulwarkServices) -> (router: Router<BulwarkRequestContext>, routes: RouteRegistry) {
        let router = Router(context: BulwarkRequestContext.self)
        let routes = RouteRegistry(router: router, audit: services.audit)
        router.add(middleware: MetricsMiddleware(metrics: services.metrics, registry: routes))
        router.add(middleware: ErrorMiddleware<BulwarkRequestContext>())
        router.add(middleware: AuthMiddleware(keys: APIKeys(store: services.service), publicPaths: publicPaths, publicPrefixes: ["/ui"]))
        OperationsRoutes.register(routes, services)
        BankRoutes.register(routes, services)
        EntryRoutes.register(routes, services)
        TransferRoutes.register(routes, services)
        MatchRoutes.register(routes, services)
        TextRoutes.register(routes, services)
        ProvenanceRoutes.register(routes, services)
        ModelScanRoutes.register(routes, services)
        WebhookRoutes.register(routes, services)
        CaseRoutes.register(routes, services)
        ReportRoutes.register(routes, services)
        UIRoutes.register(on: router, ui: ReviewUI(services: services))
        return (router, routes)
    }

    /// The application listening on the configured host and port.
    public static func make(
        services: BulwarkServices, logger: Logger? = nil,
        onServerRunning: @escaping @Sendable (Int?) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let (router, _) = router(services: services)
        let logger = logger ?? {
            var quiet = Logger(label: "bulwark.server")
            quiet.logLevel = .warning
            return quiet
        }()
        return Application(
            router: router,
            configuration: .init(address: .hostname(services.configuration.host, port: services.configuration.port), serverName: "bulwark"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port) },
            logger: logger)
    }
}
