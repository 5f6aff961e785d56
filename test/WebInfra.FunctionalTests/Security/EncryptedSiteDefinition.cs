namespace WebInfra.FunctionalTests.Security;

/// <summary>The HTTP and the database tests of the encrypted site share one site: bringing one up costs seconds.</summary>
[CollectionDefinition(EncryptedSiteFixture.Collection)]
public sealed class EncryptedSiteDefinition : ICollectionFixture<EncryptedSiteFixture>;
