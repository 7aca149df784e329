-- migrate-6.sql: registry schema 5 -> 6: search.

-- Search (tcreg search): each contract's words in one full-text index, kept
-- by triggers in the same transactions as the data.  The trigram tokenizer
-- finds any part of three characters or more, Chinese included; shorter
-- queries read the index's text instead.  rowid = the contract's id.
CREATE VIRTUAL TABLE contract_search USING fts5(text, tokenize = 'trigram');
CREATE VIEW contract_search_text AS
	SELECT c.id AS id, c.contract_no || ' ' || coalesce(c.reg_no, '') || ' ' || c.project_name || ' ' ||
		s.name || ' ' || coalesce(s.uscc, '') || ' ' || coalesce(c.seller_name_reg, '') || ' ' ||
		b.name || ' ' || coalesce(b.uscc, '') || ' ' || coalesce(c.buyer_name_reg, '') AS text
	FROM contract c JOIN party s ON s.id = c.seller_id JOIN party b ON b.id = c.buyer_id;
CREATE TRIGGER contract_search_insert AFTER INSERT ON contract BEGIN
	INSERT INTO contract_search(rowid, text) SELECT id, text FROM contract_search_text WHERE id = new.id;
END;
CREATE TRIGGER contract_search_update AFTER UPDATE OF contract_no, reg_no, project_name, seller_id, buyer_id,
	seller_name_reg, buyer_name_reg ON contract BEGIN
	DELETE FROM contract_search WHERE rowid = old.id;
	INSERT INTO contract_search(rowid, text) SELECT id, text FROM contract_search_text WHERE id = new.id;
END;
CREATE TRIGGER contract_search_delete AFTER DELETE ON contract BEGIN
	DELETE FROM contract_search WHERE rowid = old.id;
END;
CREATE TRIGGER party_search_update AFTER UPDATE OF name, uscc ON party BEGIN
	DELETE FROM contract_search WHERE rowid IN (SELECT id FROM contract WHERE seller_id = new.id OR buyer_id = new.id);
	INSERT INTO contract_search(rowid, text) SELECT t.id, t.text FROM contract_search_text t
		JOIN contract c ON c.id = t.id WHERE c.seller_id = new.id OR c.buyer_id = new.id;
END;
INSERT INTO contract_search(rowid, text) SELECT id, text FROM contract_search_text;

PRAGMA user_version = 6;
