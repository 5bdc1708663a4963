using System.Net.Mime;
using Microsoft.Net.Http.Headers;

namespace CommunityFund.Web.Infrastructure.Files;

/// <summary>An uploaded file read back from the store, as a download handler returns it.</summary>
public sealed record StoredFile(byte[] Content, string ContentType, string FileName)
{
    /// <summary>
    /// Serves the file with the type recognised at upload and nosniff, so a browser never renders an upload as a page:
    /// images inline when <paramref name="imagesInline"/> (thumbnails, a receipt opened in a tab), anything else as a download.
    /// </summary>
    public IActionResult Serve(HttpResponse response, bool imagesInline = false)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        if (!imagesInline || !ContentType.StartsWith("image/", StringComparison.Ordinal))
            return new FileContentResult(Content, ContentType) { FileDownloadName = FileName };
        var disposition = new ContentDispositionHeaderValue(DispositionTypeNames.Inline);
        disposition.SetHttpFileName(FileName);
        response.Headers.ContentDisposition = disposition.ToString();
        return new FileContentResult(Content, ContentType);
    }
}
