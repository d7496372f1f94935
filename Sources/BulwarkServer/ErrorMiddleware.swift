import Hummingbird

/// Turns every error a route throws (and unknown routes) into a JSON ``APIError`` response.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try APIError.from(error).response(from: request, context: context)
        }
    }
}
