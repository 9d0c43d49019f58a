namespace AmbientVerify.FaultTarget.Catalog;

/// <summary>An item a stand-in service lists; looked up by <see cref="Id"/> on <c>/api/{plural}/{id}</c>.</summary>
public interface ICatalogItem
{
    string Id { get; }
}

public sealed record Customer(string Id, string Name, string Email, string Tier) : ICatalogItem;

public sealed record Order(string Id, string CustomerId, string Status, decimal Total, string Currency) : ICatalogItem;

public sealed record Payment(string Id, string OrderId, string Method, string Status, decimal Amount) : ICatalogItem;

public sealed record Product(string Id, string Sku, string Name, decimal Price, int Stock) : ICatalogItem;

public sealed record Store(string Id, string Name, string City, bool Open) : ICatalogItem;

public sealed record Saga(string Id, string Kind, string OrderId, string State, int Step) : ICatalogItem;
