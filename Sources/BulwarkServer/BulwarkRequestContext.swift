import Hummingbird
import Store

/// The request context of the Bulwark API: Hummingbird's core context plus the API key
/// the request authenticated with.
public struct BulwarkRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The key the caller presented, once ``AuthMiddleware`` has checked it.
    public var apiKey: APIKeyRecord?

    public init(source: Source) {
        coreContext = .init(source: source)
        apiKey = nil
    }
}
