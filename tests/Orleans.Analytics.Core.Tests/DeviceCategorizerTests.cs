using Orleans.Analytics.Core.Devices;

namespace Orleans.Analytics.Core.Tests;

public sealed class DeviceCategorizerTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1", DeviceCategory.Mobile)]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36", DeviceCategory.Mobile)]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1", DeviceCategory.Tablet)]
    [InlineData("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 Chrome/120.0 Safari/537.36", DeviceCategory.Tablet)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36", DeviceCategory.Desktop)]
    [InlineData("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36 (compatible; Googlebot/2.1)", DeviceCategory.Bot)]
    [InlineData("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", DeviceCategory.Bot)]
    [InlineData("SomeTablet Browser", DeviceCategory.Tablet)]
    [InlineData("", DeviceCategory.Desktop)]
    [InlineData(null, DeviceCategory.Desktop)]
    public void User_agent_decides_the_category(string? userAgent, DeviceCategory expected)
    {
        DeviceCategorizer.Categorize(userAgent).ShouldBe(expected);
    }

    [Theory]
    [InlineData("mobile", DeviceCategory.Mobile)]
    [InlineData("Tablet", DeviceCategory.Tablet)]
    [InlineData("desktop", DeviceCategory.Desktop)]
    [InlineData("bot", DeviceCategory.Bot)]
    public void Declared_device_type_wins_over_a_browser_user_agent(string deviceType, DeviceCategory expected)
    {
        DeviceCategorizer.Categorize(deviceType, "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36").ShouldBe(expected);
    }

    [Fact]
    public void Bot_user_agent_wins_over_a_declared_device_type()
    {
        DeviceCategorizer.Categorize("mobile", "Googlebot/2.1 (+http://www.google.com/bot.html)").ShouldBe(DeviceCategory.Bot);
    }

    [Fact]
    public void Unknown_device_type_falls_back_to_the_user_agent()
    {
        DeviceCategorizer.Categorize("smart-fridge", "Mozilla/5.0 (iPhone) Mobile").ShouldBe(DeviceCategory.Mobile);
    }

    [Fact]
    public void Wire_names_are_lower_case()
    {
        Enum.GetValues<DeviceCategory>().Select(c => c.ToWireName()).ShouldBe(["desktop", "mobile", "tablet", "bot"]);
    }
}
