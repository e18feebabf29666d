"""Everyday foods the food search offers first among the foods that match, so "milk" finds cow's milk before
sheep milk and dried buttermilk, "egg" a whole egg before a yolk, "rice" cooked white rice.

SR28 says nothing about how often a food is eaten, so this short list is ours, hand-picked: the plain form of
foods an athlete logs every week. It only orders foods that match every word of a query; it never adds one.
Keyed by SR28 NDB number, with the description it has in the shipped extract (a test checks both).
"""

from __future__ import annotations

COMMON_FOODS: dict[str, str] = {
    "01077": "Milk, whole, 3.25% milkfat, with added vitamin D",
    "01079": "Milk, reduced fat, fluid, 2% milkfat, with added vitamin A and vitamin D",
    "01082": "Milk, lowfat, fluid, 1% milkfat, with added vitamin A and vitamin D",
    "01085": "Milk, nonfat, fluid, with added vitamin A and vitamin D (fat free or skim)",
    "01116": "Yogurt, plain, whole milk, 8 grams protein per 8 ounce",
    "01256": "Yogurt, Greek, plain, nonfat",
    "01009": "Cheese, cheddar",
    "01026": "Cheese, mozzarella, whole milk",
    "01012": "Cheese, cottage, creamed, large or small curd",
    "01145": "Butter, without salt",
    "01123": "Egg, whole, raw, fresh",
    "09003": "Apples, raw, with skin",
    "09040": "Bananas, raw",
    "09200": "Oranges, raw, all commercial varieties",
    "09206": "Orange juice, raw",
    "09316": "Strawberries, raw",
    "09050": "Blueberries, raw",
    "09326": "Watermelon, raw",
    "09236": "Peaches, yellow, raw",
    "11457": "Spinach, raw",
    "11090": "Broccoli, raw",
    "11124": "Carrots, raw",
    "11282": "Onions, raw",
    "11529": "Tomatoes, red, ripe, raw, year round average",
    "11674": "Potatoes, baked, flesh and skin, without salt",
    "11353": "Potatoes, russet, flesh and skin, raw",
    "20045": "Rice, white, long-grain, regular, enriched, cooked",
    "20037": "Rice, brown, long-grain, cooked",
    "20121": "Pasta, cooked, enriched, without added salt",
    "20038": "Oats",
    "08120": "Cereals, oats, regular and quick, not fortified, dry",
    "18069": "Bread, white, commercially prepared (includes soft bread crumbs)",
    "18075": "Bread, whole-wheat, commercially prepared",
    "05064": "Chicken, broilers or fryers, breast, meat only, cooked, roasted",
    "15076": "Fish, salmon, Atlantic, wild, raw",
    "12061": "Nuts, almonds",
    "16087": "Peanuts, all types, raw",
    "16098": "Peanut butter, smooth style, with salt",
    "14555": "Water, bottled, generic",
    "14209": "Beverages, coffee, brewed, prepared with tap water",
    "14355": "Beverages, tea, black, brewed, prepared with tap water",
    "19296": "Honey",
}
