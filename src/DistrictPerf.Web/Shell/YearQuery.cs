using Microsoft.AspNetCore.Components;

namespace DistrictPerf.Web.Shell;

/// <summary>The fiscal year every page follows: the <c>year</c> of the address (bookmarkable), this year when absent.</summary>
public static class YearQuery
{
    public static int Current(NavigationManager navigation)
    {
        var value = System.Web.HttpUtility.ParseQueryString(new Uri(navigation.Uri).Query)["year"];
        return int.TryParse(value, out var year) && year is >= 2000 and <= 2100
            ? year
            : DateTime.Now.Year;
    }

    /// <summary>The same page for another year.</summary>
    public static string With(NavigationManager navigation, int year) => navigation.GetUriWithQueryParameter("year", year);

    /// <summary>A page address carrying the current year.</summary>
    public static string Link(NavigationManager navigation, string page) => $"{page}?year={Current(navigation)}";

    public static IEnumerable<int> Choices() => Enumerable.Range(DateTime.Now.Year - 6, 8).Reverse();
}
