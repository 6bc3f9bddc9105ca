namespace Portal.Web.Features.Localization;

/// <summary>Marker for Resources/SharedResource.*.resx: every user-visible string of the portal, in en and zh-CN.</summary>
public sealed class SharedResource;
