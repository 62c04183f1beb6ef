using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace DistrictPerf.Web.Shell;

/// <summary>
/// A search fragment as the server highlights it (HTML-encoded text with &lt;em&gt; around the matches), rendered
/// without ever handing markup to the browser: the text is decoded and written as text, each match as an &lt;em&gt;.
/// </summary>
public static partial class Highlight
{
    public static RenderFragment Render(string? html) => builder =>
    {
        var seq = 0;
        var emphasised = false;
        foreach (var part in Tags().Split(html ?? ""))
        {
            switch (part)
            {
                case "<em>":
                    emphasised = true;
                    continue;
                case "</em>":
                    emphasised = false;
                    continue;
                case "":
                    continue;
            }

            var text = WebUtility.HtmlDecode(part);
            if (emphasised)
            {
                builder.OpenElement(seq++, "em");
                builder.AddContent(seq++, text);
                builder.CloseElement();
            }
            else
            {
                builder.AddContent(seq++, text);
            }
        }
    };

    /// <summary>Splits on the highlighter's tags, keeping them.</summary>
    [GeneratedRegex("(</?em>)")]
    private static partial Regex Tags();
}
