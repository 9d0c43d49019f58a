namespace AmbientVerify.FaultTarget.Catalog;

/// <summary>A stand-in service's resource: listed on <c>/api/{Plural}</c>.</summary>
public sealed record ServiceResource(string Plural, IReadOnlyList<ICatalogItem> Items);

/// <summary>The six ecommerce services of the platform and a few realistic items each.</summary>
public static class ServiceCatalog
{
    private static readonly Dictionary<string, ServiceResource> ByService = new(StringComparer.OrdinalIgnoreCase)
    {
        ["customer-service"] = new("customers",
        [
            new Customer("1", "Minji Kim", "minji.kim@example.com", "gold"),
            new Customer("2", "Jae-won Park", "jaewon.park@example.com", "silver"),
            new Customer("3", "Seo-yeon Lee", "seoyeon.lee@example.com", "standard"),
        ]),
        ["order-service"] = new("orders",
        [
            new Order("1001", "1", "PAID", 45_900m, "KRW"),
            new Order("1002", "2", "SHIPPED", 129_000m, "KRW"),
            new Order("1003", "1", "PENDING", 8_500m, "KRW"),
        ]),
        ["payment-service"] = new("payments",
        [
            new Payment("p-5001", "1001", "card", "CAPTURED", 45_900m),
            new Payment("p-5002", "1002", "bank-transfer", "CAPTURED", 129_000m),
            new Payment("p-5003", "1003", "card", "AUTHORIZED", 8_500m),
        ]),
        ["product-service"] = new("products",
        [
            new Product("1", "SKU-TEA-001", "Jeju green tea, 100g", 12_000m, 240),
            new Product("2", "SKU-MUG-014", "Ceramic mug", 9_500m, 85),
            new Product("3", "SKU-KBD-203", "Mechanical keyboard", 129_000m, 12),
        ]),
        ["store-service"] = new("stores",
        [
            new Store("1", "Gangnam flagship", "Seoul", true),
            new Store("2", "Haeundae", "Busan", true),
            new Store("3", "Dunsan", "Daejeon", false),
        ]),
        ["saga-tracker"] = new("sagas",
        [
            new Saga("s-9001", "place-order", "1001", "COMPLETED", 4),
            new Saga("s-9002", "place-order", "1003", "AWAITING_PAYMENT", 2),
            new Saga("s-9003", "refund", "1002", "COMPENSATING", 3),
        ]),
    };

    public static bool TryGet(string serviceName, out ServiceResource resource) =>
        ByService.TryGetValue(serviceName, out resource!);
}
